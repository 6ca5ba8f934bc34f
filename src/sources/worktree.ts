import { realpath, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { UserError } from "../problems.js";
import { workTreeRoot } from "../git/exec.js";
import { slashPathsFrom } from "../util/relativePath.js";
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
}

/** A file to read, with the path reports show. */
interface FileEntry {
  absolutePath: string;
  displayPath: string;
}

/** Yields a chunk or diagnostic for every file below the given paths. */
export async function* worktreeSource(options: WorktreeOptions, root: string): AsyncGenerator<SourceItem> {
  const realRoot = await realpath(root);
  const fromRoot = slashPathsFrom(root);
  for (const path of options.paths) {
    const absolute = resolve(options.cwd, path);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(
        `${path}: cannot scan (${error.code === "ENOENT" ? "no such file or directory" : error.code})`,
      );
    });
    const entries = info.isDirectory()
      ? await listDirectory(absolute, fromRoot, options)
      : [{ absolutePath: absolute, displayPath: display(fromRoot, absolute) }];
    for (const entry of entries) yield* readFileItems({ ...entry, root: realRoot, maxFileSize: options.maxFileSize });
  }
}

async function listDirectory(
  dir: string,
  fromRoot: (path: string) => string,
  options: WorktreeOptions,
): Promise<FileEntry[]> {
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
    return { absolutePath, displayPath: display(fromRoot, absolutePath) };
  });
}

/** A report path: relative to the root (`fromRoot`), `/`-separated; the root itself as it is. */
function display(fromRoot: (path: string) => string, absolutePath: string): string {
  return fromRoot(absolutePath) || absolutePath.split(sep).join("/");
}
