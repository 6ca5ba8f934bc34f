import { lstat, open, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileRuleSelector, matchFileRules, needsContent, needsHead } from "../detect/fileRules.js";
import { KEYSTORE_HEAD_BYTES } from "../detect/keystore.js";
import { buildFileFinding, gitignoreLine } from "../findings/fileFinding.js";
import type { FileState, Finding } from "../findings/types.js";
import { git, splitNul, workTreeRoot } from "../git/exec.js";
import type { CompiledAllow, CompiledFileRule } from "../rules/types.js";
import { listPlainFiles } from "../sources/listPlain.js";
import { slashPathsFrom } from "../util/relativePath.js";
import { textOf } from "./common.js";

/** What the working-tree file pass looks at: the scan's paths, how report paths are made, the read limit. */
export interface WorktreeFilePassOptions {
  /** Files and directories, relative to `cwd` or absolute (stdin's `-` excluded). */
  paths: readonly string[];
  cwd: string;
  /** The scan root report paths are relative to. */
  root: string;
  /** Bytes; larger files are judged without content (rules with a content condition skip them). */
  maxFileSize: number;
}

/** One file under a scanned path and git's view of it. */
interface StatedFile {
  absolutePath: string;
  state: FileState;
  /** Top of the work tree holding the file; absent outside a repository. */
  top?: string;
}

const SKIP_DIRS = [".git", "node_modules"];

/**
 * The file pass of `secretscan scan`: every file below the scanned paths that git tracks (state
 * `tracked`) or that is untracked and not ignored (`untracked`), or, outside a work tree, every file
 * the .gitignore files on the way do not ignore (`outside-repository`), judged by the file rules.
 * Ignored files are never findings, with or without --no-gitignore.
 */
export async function worktreeFileFindings(
  options: WorktreeFilePassOptions,
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow,
): Promise<Finding[]> {
  if (rules.length === 0) return [];
  const findings = new Map<string, Finding>();
  const select = fileRuleSelector(rules, allow);
  const fromRoot = slashPathsFrom(options.root);
  for (const path of options.paths) {
    for (const file of await statedFiles(resolve(options.cwd, path))) {
      const display = fromRoot(file.absolutePath) || basename(file.absolutePath);
      if (findings.has(display)) continue;
      const selecting = select(display);
      if (selecting.length === 0) continue;
      const info = await lstat(file.absolutePath).catch(() => undefined);
      if (!info?.isFile()) continue;
      const content =
        needsContent(selecting) && info.size <= options.maxFileSize ? await readText(file.absolutePath) : undefined;
      const head = needsHead(selecting) ? await readHead(file.absolutePath) : undefined;
      const raw = matchFileRules(selecting, { path: display, content, head }, allow);
      if (!raw) continue;
      const facts = {
        state: file.state,
        ...(file.top ? { gitignoreLine: gitignoreLine(slashPathsFrom(file.top)(file.absolutePath)) } : {}),
      };
      findings.set(display, buildFileFinding(raw, { type: "file", path: display }, facts));
    }
  }
  return [...findings.values()];
}

/** Files below (or at) an absolute path with their state; an unreadable path yields nothing (the content scan reports it). */
async function statedFiles(absolute: string): Promise<StatedFile[]> {
  const info = await stat(absolute).catch(() => undefined);
  if (!info) return [];
  const dir = info.isDirectory() ? absolute : dirname(absolute);
  const spec = info.isDirectory() ? "." : basename(absolute);
  const skip = SKIP_DIRS.filter((name) => !dir.split(sep).includes(name));
  const top = await workTreeRoot(dir);
  if (!top) {
    const files = info.isDirectory() ? await listPlainFiles(dir, true, skip) : [spec];
    return files.map((file) => ({ absolutePath: join(dir, file), state: "outside-repository" as const }));
  }
  const [cached, others] = await Promise.all([
    git(dir, ["ls-files", "-z", "--cached", "--", spec]),
    git(dir, ["ls-files", "-z", "--others", "--exclude-standard", "--", spec]),
  ]);
  const keep = (entry: string) => !entry.endsWith("/") && !skip.some((name) => entry.split("/").includes(name));
  // A tracked file is part of the repository wherever it is, a vendored node_modules included.
  return [
    ...splitNul(cached.stdout)
      .filter((entry) => !entry.endsWith("/"))
      .map((file) => ({ absolutePath: join(dir, file), state: "tracked" as const, top })),
    ...splitNul(others.stdout)
      .filter(keep)
      .map((file) => ({ absolutePath: join(dir, file), state: "untracked" as const, top })),
  ];
}

/** The file's first KEYSTORE_HEAD_BYTES bytes (fewer for a shorter file); undefined when unreadable. */
async function readHead(path: string): Promise<Uint8Array | undefined> {
  try {
    const handle = await open(path, "r");
    try {
      const buffer = new Uint8Array(KEYSTORE_HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, KEYSTORE_HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return textOf(await readFile(path));
  } catch {
    return undefined;
  }
}
