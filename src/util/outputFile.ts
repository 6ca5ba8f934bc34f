import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { lstat, open, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../problems.js";

/** How an output file is written when something already sits at its path. */
export interface OutputFileOptions {
  /**
   * A symbolic link at the path: `follow` writes the file it points to (a user's `-o` through a
   * link, `/dev/stdout`); `refuse` is for paths a scanned repository controls (`.gitignore`, hooks),
   * where a link could aim the write anywhere. A dangling link is always refused.
   */
  symlink: "follow" | "refuse";
  /** Permission bits of a new file (an existing regular file keeps its own). */
  mode: number;
}

/**
 * Writes `content` to `path` without ever replacing what is not a regular file: a new or regular
 * file is written through a temporary file beside it (created exclusively) and a rename, so an
 * interrupted run never leaves a truncated file; a device or FIFO (`/dev/null`, a pipe) is written
 * through in place, so it stays what it is; a directory or a refused link is a UserError.
 */
export async function writeOutputFile(
  path: string,
  content: string | Uint8Array,
  options: OutputFileOptions,
): Promise<void> {
  const link = await lstat(path).catch(() => undefined);
  if (!link) return replaceAtomically(path, content, options.mode);
  let target: Stats | undefined = link;
  if (link.isSymbolicLink()) {
    if (options.symlink === "refuse")
      throw new UserError(`${path}: is a symbolic link; refusing to write through it (replace it with a regular file)`);
    target = await stat(path).catch(() => undefined);
    if (!target) throw new UserError(`${path}: is a symbolic link to a missing file; refusing to create its target`);
  }
  if (target.isDirectory()) throw new UserError(`${path}: is a directory`);
  if (!target.isFile()) return writeInPlace(path, content);
  // Through a link, the rename replaces the file it finally names, and the link stays a link.
  return replaceAtomically(link.isSymbolicLink() ? await realpath(path) : path, content, target.mode & 0o777);
}

/** Writes into an existing non-regular file (a device, a FIFO) without creating or renaming anything. */
async function writeInPlace(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/** A temporary file beside `path`, created exclusively (`wx`), then renamed over `path`. */
async function replaceAtomically(path: string, content: string | Uint8Array, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { mode, flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
