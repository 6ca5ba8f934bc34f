import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { type FileHandle, lstat, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../problems.js";

/** What an output file holds: bytes, text, or text in pieces written one after another (UTF-8). */
export type OutputContent = string | Uint8Array | Iterable<string>;

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
export async function writeOutputFile(path: string, content: OutputContent, options: OutputFileOptions): Promise<void> {
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
async function writeInPlace(path: string, content: OutputContent): Promise<void> {
  const handle = await open(path, "w");
  try {
    await writeContent(handle, content);
  } finally {
    await handle.close();
  }
}

/** A temporary file beside `path`, created exclusively (`wx`), then renamed over `path`. */
async function replaceAtomically(path: string, content: OutputContent, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await writeContent(handle, content);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** UTF-16 code units encoded per write of a text (at most 3 bytes each in UTF-8). */
const TEXT_PIECE_UNITS = 1 << 20;

/**
 * Writes bytes, or text as UTF-8 through one buffer a piece at a time. A report of 38k findings
 * (jekyll's history) is 95 MB: encoded whole, it took a 95 MB buffer and 0.5–1.3 s, most of it
 * faulting fresh pages in; through a 3 MB buffer, under 0.1 s.
 */
async function writeContent(handle: FileHandle, content: OutputContent): Promise<void> {
  if (content instanceof Uint8Array) return writeAll(handle, content);
  const buffer = Buffer.allocUnsafe(TEXT_PIECE_UNITS * 3);
  let used = 0;
  for (const text of typeof content === "string" ? [content] : content) {
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + TEXT_PIECE_UNITS);
      // Never between the halves of a surrogate pair: each would be written as U+FFFD.
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      if (used + (end - at) * 3 > buffer.length) {
        await writeAll(handle, buffer.subarray(0, used));
        used = 0;
      }
      used += buffer.write(text.slice(at, end), used, "utf8");
      at = end;
    }
  }
  await writeAll(handle, buffer.subarray(0, used));
}

/** Writes every byte (a write may take fewer than asked, on a pipe say). */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
