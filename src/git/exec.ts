import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** Output of a git command that exited 0. */
export interface GitOutput {
  stdout: string;
}

/**
 * Runs git with an argument array (never a shell), in `cwd`. Rejects with the exit code and git's
 * own stderr line on failure; stdout may be large (up to 1 GiB) for listings.
 */
export function git(cwd: string, args: readonly string[]): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.quotePath=false", ...args],
      { cwd, maxBuffer: 1 << 30, encoding: "utf8", env: gitEnv() },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(args[0] ?? "git", firstLine(stderr) || error.message));
        else resolve({ stdout });
      },
    );
  });
}

/** A long-running git child whose output is streamed: the process, its stderr so far, its exit. */
export interface GitChild {
  process: ChildProcessWithoutNullStreams;
  /** What git wrote to stderr so far, trimmed. */
  stderr(): string;
  /** The exit code once git has exited; null when it could not be started. */
  exited: Promise<number | null>;
}

/**
 * Starts git with an argument array (never a shell) and pipes for all three streams; a write to a
 * dead child's stdin is not an error here (its exit status tells what went wrong).
 */
export function spawnGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = gitEnv()): GitChild {
  const child = spawn("git", ["-c", "core.quotePath=false", ...args], { cwd, env, stdio: "pipe" });
  const stderr: string[] = [];
  child.stderr.on("data", (data: Buffer) => stderr.push(data.toString("utf8")));
  child.stdin.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.on("close", resolve);
    child.on("error", () => resolve(null));
  });
  return { process: child, stderr: () => stderr.join("").trim(), exited };
}

/** The environment for git children: no pager, no prompts, no locale surprises. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", LC_ALL: "C" };
}

/** A git command failed; `message` is git's own first stderr line. */
export class GitError extends Error {
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super(`git ${command}: ${detail}`);
    this.name = "GitError";
  }
}

/** The first non-empty line of `text` (git's own error message), trimmed; "" when there is none. */
export function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim().length > 0)?.trim() ?? "";
}

/** The top of the work tree containing `dir`, or undefined when `dir` is not inside one. */
export async function workTreeRoot(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(dir, ["rev-parse", "--show-toplevel"]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Splits NUL-separated git output into its non-empty entries. */
export function splitNul(text: string): string[] {
  return text.split("\0").filter((entry) => entry.length > 0);
}
