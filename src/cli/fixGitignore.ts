import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gitignoreLine } from "../findings/fileFinding.js";
import type { ScanResult } from "../findings/types.js";
import { workTreeRoot } from "../git/exec.js";
import { printable } from "../report/textFormat.js";
import { writeOutputFile } from "../util/outputFile.js";
import type { CliIo } from "./io.js";

/** What `--fix-gitignore` will do: lines to append per repository, files to untrack, lines to print. */
export interface GitignorePlan {
  /** Top of each work tree → anchored lines its .gitignore lacks. */
  appends: Map<string, string[]>;
  /** Tracked sensitive files (work tree top and path in it): printed as `git rm --cached` commands, never run. */
  untrack: Array<{ top: string; path: string }>;
  /** Lines for files outside any repository, relative to the scan root: printed only. */
  outside: string[];
}

const HEADER = "# Added by secretscan --fix-gitignore: files that hold secrets";

/**
 * Plans the fix for the scan's findings about files (config files, and keys that stand for their key
 * file) that git does not ignore (`tracked`, `untracked`) or that lie outside a repository: one
 * anchored .gitignore line per file, grouped by the work tree holding it, leaving out lines the
 * .gitignore already has.
 */
export async function planGitignoreFix(result: ScanResult): Promise<GitignorePlan> {
  const plan: GitignorePlan = { appends: new Map(), untrack: [], outside: [] };
  const wanted = new Map<string, Set<string>>();
  const seen = new Set<string>();
  for (const finding of result.findings) {
    const state = finding.fileState;
    if (state !== "tracked" && state !== "untracked" && state !== "outside-repository") continue;
    // A key file holding two keys has two findings that stand for it: one fix per file.
    if (seen.has(finding.path)) continue;
    seen.add(finding.path);
    if (state === "outside-repository") {
      plan.outside.push(gitignoreLine(finding.path));
      continue;
    }
    const absolute = resolve(result.root, finding.path);
    const top = await workTreeRoot(dirname(absolute));
    if (!top) continue;
    const path = relative(top, absolute).split(sep).join("/");
    if (!wanted.has(top)) wanted.set(top, new Set());
    wanted.get(top)?.add(gitignoreLine(path));
    if (state === "tracked") plan.untrack.push({ top, path });
  }
  for (const [top, lines] of wanted) {
    const existing = new Set(
      (await readFile(join(top, ".gitignore"), "utf8").catch(() => "")).split(/\r?\n/).map((line) => line.trim()),
    );
    const missing = [...lines].filter((line) => !existing.has(line)).sort();
    if (missing.length > 0) plan.appends.set(top, missing);
  }
  return plan;
}

/**
 * `secretscan scan --fix-gitignore`: shows the lines on stderr, then appends them to each
 * repository's .gitignore (through a temp file and a rename, keeping the file's mode). Tracked
 * files are never touched: the `git rm --cached` that stops tracking them is printed, not run.
 * Outside a repository the lines are only printed.
 */
export async function fixGitignore(result: ScanResult, io: CliIo): Promise<void> {
  const plan = await planGitignoreFix(result);
  for (const [top, lines] of plan.appends) {
    const file = join(top, ".gitignore");
    io.stderr.write(
      `secretscan: appending to ${printable(file)}:\n${lines.map((line) => `  ${printable(line)}\n`).join("")}`,
    );
    await appendAtomic(file, lines);
  }
  if (plan.untrack.length > 0) {
    io.stderr.write(
      "secretscan: these files are tracked; stop tracking them (the files stay on disk), commit, and rotate their secrets:\n",
    );
    for (const { top, path } of plan.untrack)
      io.stderr.write(`  git -C ${shellQuote(top)} rm --cached -- ${shellQuote(path)}\n`);
  }
  if (plan.outside.length > 0) {
    io.stderr.write(
      `secretscan: not a git repository; add these lines to its .gitignore when it becomes one:\n${plan.outside.map((line) => `  ${printable(line)}\n`).join("")}`,
    );
  }
  if (plan.appends.size === 0 && plan.untrack.length === 0 && plan.outside.length === 0)
    io.stderr.write("secretscan: .gitignore already covers every config file found\n");
}

/**
 * Appends lines (after a header comment) to a file through a temp file and a rename, keeping its
 * mode. A symlinked .gitignore is refused: git does not read one, and it could aim the write anywhere.
 */
async function appendAtomic(file: string, lines: readonly string[]): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => "");
  const separator = current === "" ? "" : current.endsWith("\n") ? "\n" : "\n\n";
  const content = `${current}${separator}${HEADER}\n${lines.join("\n")}\n`;
  await writeOutputFile(file, content, { symlink: "refuse", mode: 0o644 });
}

/**
 * A word safe to paste into a shell. A word with control characters (a newline, ESC) uses
 * `$'…'` quoting with its UTF-8 bytes as `\xNN` (bash, zsh, POSIX 2024 sh): raw, they would drive
 * the terminal it is printed on, or split the command.
 */
function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(word)) return word;
  if (!TERMINAL_UNSAFE.test(word)) return `'${word.replace(/'/g, "'\\''")}'`;
  const escaped = word
    .replace(/[\\']/g, (char) => `\\${char}`)
    .replace(new RegExp(TERMINAL_UNSAFE.source, "g"), (char) =>
      [...Buffer.from(char, "utf8")].map((byte) => `\\x${byte.toString(16).padStart(2, "0")}`).join(""),
    );
  return `$'${escaped}'`;
}

/** Control characters (C0, DEL, C1) and the bidi controls of "Trojan Source", as `printable` escapes them. */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
