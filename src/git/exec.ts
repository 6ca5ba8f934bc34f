import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { realpath } from "node:fs/promises";
import { sep } from "node:path";
import { decodeUtf8Escaped } from "../util/escapedUtf8.js";
import { HARDENED_GIT_ARGS, hardenedGitEnv, NO_HOOKS_ARGS } from "./hardening.js";

/** Options of one git run. */
export interface GitRunOptions {
  /**
   * Keep the repository's `core.hooksPath` visible, so `rev-parse --git-path hooks` answers where
   * git would run hooks; for commands that run no hook themselves.
   */
  isHooksPathNeeded?: boolean;
}

/** Output of a git command that exited 0. */
export interface GitOutput {
  stdout: string;
}

/**
 * Runs git with an argument array (never a shell), in `cwd`, hardened (`HARDENED_GIT_ARGS`). Rejects with the exit code and git's
 * own stderr line on failure; stdout may be large (up to 1 GiB) for listings. Bytes of stdout that
 * are not UTF-8 (a file name in another encoding) read as `\xNN` (`decodeUtf8Escaped`).
 */
export async function git(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitOutput> {
  const { stdout } = await gitBytes(cwd, args, options);
  return { stdout: decodeUtf8Escaped(stdout) };
}

/** Output of a git command that exited 0, as bytes, with what it wrote to stderr (warnings). */
export interface GitBytesOutput {
  stdout: Buffer;
  stderr: string;
}

/** `git`, with stdout as bytes: for listings whose file names must be opened exactly as spelled. */
export function gitBytes(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitBytesOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...HARDENED_GIT_ARGS, ...(options.isHooksPathNeeded === true ? [] : NO_HOOKS_ARGS), ...args],
      { cwd, maxBuffer: 1 << 30, encoding: "buffer", env: gitEnv() },
      (error, stdout, stderr) => {
        const errorText = decodeUtf8Escaped(stderr);
        if (error) reject(new GitError(args[0] ?? "git", firstLine(errorText) || error.message));
        else resolve({ stdout, stderr: errorText });
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
  const child = spawn("git", [...HARDENED_GIT_ARGS, ...NO_HOOKS_ARGS, ...args], { cwd, env, stdio: "pipe" });
  const stderr: string[] = [];
  child.stderr.on("data", (data: Buffer) => stderr.push(data.toString("utf8")));
  child.stdin.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.on("close", resolve);
    child.on("error", () => resolve(null));
  });
  return { process: child, stderr: () => stderr.join("").trim(), exited };
}

/** The environment for git children (see `hardenedGitEnv`: no repository-controlled commands). */
export function gitEnv(): NodeJS.ProcessEnv {
  return hardenedGitEnv();
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

/**
 * Git's own error message in `text`: its first `fatal:` or `error:` line, else the first non-empty
 * line that is not `hint:` advice; trimmed, "" when there is none.
 */
export function firstLine(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.find((line) => !line.startsWith("hint:")) ?? "";
}

/**
 * The top of the work tree containing `dir`, or undefined when `dir` is not inside one. A
 * repository's `core.worktree` can name a work tree elsewhere (an empty folder, say), which would
 * make git list none of the files on disk here; then `dir` counts as outside git, so the files on
 * disk are what is scanned.
 */
export async function workTreeRoot(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(dir, ["rev-parse", "--show-toplevel"]);
    const top = stdout.trim();
    if (top === "") return undefined;
    const [realDir, realTop] = await Promise.all([realpath(dir), realpath(top)]);
    return realDir === realTop || realDir.startsWith(realTop.endsWith(sep) ? realTop : realTop + sep) ? top : undefined;
  } catch {
    return undefined;
  }
}

/** Splits NUL-separated git output into its non-empty entries. */
export function splitNul(text: string): string[] {
  return text.split("\0").filter((entry) => entry.length > 0);
}

/** `splitNul` over bytes. */
export function splitNulBytes(bytes: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(0, start);
    const stop = end < 0 ? bytes.length : end;
    if (stop > start) entries.push(bytes.subarray(start, stop));
    start = stop + 1;
  }
  return entries;
}
