import { realpath, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { UserError } from "../problems.js";
import { workTreeRoot } from "../git/exec.js";
import { readFileItems } from "./fileItem.js";
import { listGitFiles } from "./listGit.js";
import { listPlainFiles } from "./listPlain.js";
import type { SourceItem } from "./types.js";

/** Options of a working-tree scan. */
export interface WorktreeOptions {
  /** Files and directories to scan, relative to `cwd` or absolute. */
  paths: string[];
  cwd: string;
  /** Skip files git (or, outside a repository, .gitignore files) ignores. */
  respectGitignore: boolean;
  maxFileSize: number;
  /** Keeps only the files whose report path it accepts (one shard of a split run); default all. */
  isInShard?: (path: string) => boolean;
}

/** A file to read, with the path reports show. */
interface FileEntry {
  absolutePath: string;
  displayPath: string;
}

/** Yields a chunk or diagnostic for every file below the given paths. */
export async function* worktreeSource(options: WorktreeOptions, root: string): AsyncGenerator<SourceItem> {
  const realRoot = await realpath(root);
  for (const path of options.paths) {
    const absolute = resolve(options.cwd, path);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(
        `${path}: cannot scan (${error.code === "ENOENT" ? "no such file or directory" : error.code})`,
      );
    });
    const entries = info.isDirectory()
      ? await listDirectory(absolute, root, options)
      : [{ absolutePath: absolute, displayPath: display(root, absolute) }];
    const isInShard = options.isInShard;
    const kept = isInShard ? entries.filter((entry) => isInShard(entry.displayPath)) : entries;
    for (const entry of kept) yield* readFileItems({ ...entry, root: realRoot, maxFileSize: options.maxFileSize });
  }
}

async function listDirectory(dir: string, root: string, options: WorktreeOptions): Promise<FileEntry[]> {
  const skipDirs = [".git", "node_modules"].filter((name) => !dir.split(sep).includes(name));
  const inGit = options.respectGitignore ? await workTreeRoot(dir) : undefined;
  // git never lists .git; untracked node_modules is left out, tracked (vendored) files in it are scanned.
  const files = inGit
    ? await listGitFiles(dir, skipDirs)
    : (await listPlainFiles(dir, options.respectGitignore, skipDirs)).filter(
        (file) => !skipDirs.some((name) => file.split("/").includes(name)),
      );
  return files.map((file) => {
    const absolutePath = join(dir, file);
    return { absolutePath, displayPath: display(root, absolutePath) };
  });
}

/** A report path: relative to the root, `/`-separated. */
function display(root: string, absolutePath: string): string {
  const rel = relative(root, absolutePath);
  return (rel === "" ? absolutePath : rel).split(sep).join("/");
}
