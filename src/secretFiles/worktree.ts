import { lstat, open, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileRuleSelector, matchFileRules, needsContent, needsHead } from "../detect/fileRules.js";
import { KEYSTORE_HEAD_BYTES } from "../detect/keystore.js";
import { buildFileFinding, gitignoreLine } from "../findings/fileFinding.js";
import type { FileState, Finding } from "../findings/types.js";
import { gitBytes, splitNulBytes, workTreeRoot } from "../git/exec.js";
import type { CompiledAllow, CompiledFileRule } from "../rules/types.js";
import { listedFromBytes, listedPath, type ListedFile } from "../sources/listedFile.js";
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
  /** For report paths: a name that is not UTF-8 is escaped (see `ListedFile`). */
  absolutePath: string;
  /** What opens the file: `absolutePath`, or bytes for a name that is not UTF-8. */
  openPath: string | Buffer;
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
      const info = await lstat(file.openPath).catch(() => undefined);
      if (!info?.isFile()) continue;
      const content =
        needsContent(selecting) && info.size <= options.maxFileSize ? await readText(file.openPath) : undefined;
      const head = needsHead(selecting) ? await readHead(file.openPath) : undefined;
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
    const files = info.isDirectory() ? listPlainFiles(dir, true, skip).files : [{ name: spec }];
    return files.map((file) => stated(dir, file, "outside-repository"));
  }
  const [cached, others] = await Promise.all([
    gitBytes(dir, ["ls-files", "-z", "--cached", "--", spec]),
    gitBytes(dir, ["ls-files", "-z", "--others", "--exclude-standard", "--", spec]),
  ]);
  const listed = (output: { stdout: Buffer }) => splitNulBytes(output.stdout).map(listedFromBytes);
  const keep = (file: ListedFile) =>
    !file.name.endsWith("/") && !skip.some((name) => file.name.split("/").includes(name));
  // A tracked file is part of the repository wherever it is, a vendored node_modules included.
  return [
    ...listed(cached)
      .filter((file) => !file.name.endsWith("/"))
      .map((file) => stated(dir, file, "tracked", top)),
    ...listed(others)
      .filter(keep)
      .map((file) => stated(dir, file, "untracked", top)),
  ];
}

function stated(dir: string, file: ListedFile, state: FileState, top?: string): StatedFile {
  return { absolutePath: join(dir, file.name), openPath: listedPath(dir, file), state, ...(top ? { top } : {}) };
}

/** The file's first KEYSTORE_HEAD_BYTES bytes (fewer for a shorter file); undefined when unreadable. */
async function readHead(path: string | Buffer): Promise<Uint8Array | undefined> {
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

async function readText(path: string | Buffer): Promise<string | undefined> {
  try {
    return textOf(await readFile(path));
  } catch {
    return undefined;
  }
}
