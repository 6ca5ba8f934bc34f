import { realpath, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { UserError } from "../problems.js";
import { workTreeRoot } from "../git/exec.js";
import { slashPathsFrom } from "../util/relativePath.js";
import { readFileItems } from "./fileItem.js";
import { listGitFiles } from "./listGit.js";
import { type Listing, listedPath, type ListedFile, type UnlistedFolder } from "./listedFile.js";
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
  /** Bytes for a name that is not UTF-8 (see `ListedFile`). */
  absolutePath: string | Buffer;
  displayPath: string;
}

/** Yields a chunk or diagnostic for every file below the given paths, and one for every folder it could not list. */
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
    if (!info.isDirectory()) {
      yield* readFileItems({
        absolutePath: absolute,
        displayPath: display(fromRoot, absolute),
        root: realRoot,
        maxFileSize: options.maxFileSize,
      });
      continue;
    }
    const listing = await listDirectory(absolute, options);
    for (const folder of listing.unlisted) yield unlistedItem(fromRoot, absolute, folder);
    for (const file of listing.files) {
      const entry = fileEntry(fromRoot, absolute, file);
      if (options.isInShard && !options.isInShard(entry.displayPath)) continue;
      yield* readFileItems({ ...entry, root: realRoot, maxFileSize: options.maxFileSize });
    }
  }
}

async function listDirectory(dir: string, options: WorktreeOptions): Promise<Listing> {
  const skipDirs = [".git", "node_modules"].filter((name) => !dir.split(sep).includes(name));
  const inGit = options.respectGitignore ? await workTreeRoot(dir) : undefined;
  // git never lists .git; untracked node_modules is left out, tracked (vendored) files in it are scanned.
  if (inGit) return listGitFiles(dir, skipDirs);
  return listPlainFiles(dir, options.respectGitignore, skipDirs);
}

function fileEntry(fromRoot: (path: string) => string, dir: string, file: ListedFile): FileEntry {
  const absolutePath = listedPath(dir, file);
  return { absolutePath, displayPath: display(fromRoot, join(dir, file.name)) };
}

/** A folder the listing could not read: a warning, since files below it were not scanned. */
function unlistedItem(fromRoot: (path: string) => string, dir: string, folder: UnlistedFolder): SourceItem {
  const path = `${display(fromRoot, join(dir, folder.name))}/`;
  const message = `folder could not be listed (${folder.reason}); files below it were not scanned`;
  return {
    type: "diagnostic",
    diagnostic: { path, reason: "unreadable", level: "warning", message },
  };
}

/** A report path: relative to the root (`fromRoot`), `/`-separated; the root itself as it is. */
function display(fromRoot: (path: string) => string, absolutePath: string): string {
  return fromRoot(absolutePath) || absolutePath.split(sep).join("/");
}
