import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { sniffedChunk } from "../text/byteChunk.js";
import { lossyEncoding, sniffBytes } from "../text/decode.js";
import type { Diagnostic, DiagnosticReason, SourceItem } from "./types.js";
import { isKnownBinaryAsset } from "./binaryAssets.js";

/** How to read one working-tree file. `root` bounds where symlinks may point. */
export interface FileReadOptions {
  /** Bytes for a name that is not UTF-8 (see `ListedFile`). */
  absolutePath: string | Buffer;
  displayPath: string;
  root: string;
  maxFileSize: number;
}

/** Opening with O_NOFOLLOW tells a symlink apart without a separate lstat; O_NONBLOCK keeps a FIFO from blocking. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads one file into source items: a chunk, or a diagnostic saying why it was not (fully) scanned.
 * Synchronous on purpose: for the many small files of a source tree, four direct system calls
 * (open, fstat, read, close) cost far less than the same calls through promises and the thread pool.
 * Symlinks are not followed: one pointing outside the root is reported, one inside is skipped
 * because its target is scanned where it lives.
 */
export function readFileItems(options: FileReadOptions): SourceItem[] {
  const problem = (reason: DiagnosticReason, message: string, level: Diagnostic["level"] = "warning"): SourceItem[] => [
    { type: "diagnostic", diagnostic: { path: options.displayPath, reason, message, level } },
  ];
  let fd: number;
  try {
    if (constants.O_NOFOLLOW === undefined && lstatSync(options.absolutePath).isSymbolicLink())
      throw Object.assign(new Error("symlink"), { code: "ELOOP" });
    fd = openSync(options.absolutePath, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP" && isSymlink(options.absolutePath))
      return symlinkItems(options, problem);
    return problem("unreadable", describeError(error));
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory())
      return problem(
        "submodule",
        "directory listed by git (a submodule or nested repository); not descended into",
        "note",
      );
    if (!info.isFile()) return problem("not-a-file", "not a regular file (FIFO, socket or device); not read", "note");
    if (info.size > options.maxFileSize)
      return problem("too-large", `${info.size} bytes exceeds the ${options.maxFileSize}-byte limit (--max-file-size)`);
    const bytes = readAll(fd, info.size, options.maxFileSize);
    if (!bytes) return problem("too-large", `grew past the ${options.maxFileSize}-byte limit while being read`);
    return contentItems(bytes, options, problem);
  } catch (error) {
    return problem("unreadable", describeError(error));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads to end of file; undefined if the file grows past `limit` meanwhile. One byte of room beyond
 * the size fstat gave lets the read that sees end of file happen without growing (copying) the buffer.
 */
function readAll(fd: number, size: number, limit: number): Buffer | undefined {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length > limit) return undefined;
      buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, limit + 1))]);
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return length > limit ? undefined : buffer.subarray(0, length);
}

function contentItems(
  bytes: Buffer,
  options: FileReadOptions,
  problem: (reason: DiagnosticReason, message: string, level?: Diagnostic["level"]) => SourceItem[],
): SourceItem[] {
  const sniffed = sniffBytes(bytes);
  if (sniffed.kind === "binary") {
    return isKnownBinaryAsset(options.displayPath)
      ? problem("binary-asset", "binary asset (by its extension); not scanned", "note")
      : problem("binary", "binary file (NUL bytes in the first 8 KiB); not scanned");
  }
  const items: SourceItem[] = [
    { type: "chunk", chunk: sniffedChunk(sniffed, { type: "file", path: options.displayPath }) },
  ];
  const lossy = lossyEncoding(sniffed);
  if (lossy) {
    items.push({
      type: "diagnostic",
      diagnostic: {
        path: options.displayPath,
        reason: "undecodable",
        level: "note",
        message: `invalid ${lossy}; scanned with replacement characters`,
      },
    });
  }
  return items;
}

function isSymlink(path: string | Buffer): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function symlinkItems(
  options: FileReadOptions,
  problem: (reason: DiagnosticReason, message: string, level: Diagnostic["level"]) => SourceItem[],
): SourceItem[] {
  let target: string;
  try {
    target = realpathSync(options.absolutePath);
  } catch (error) {
    return problem(
      "unreadable",
      `broken or looping symbolic link (${(error as NodeJS.ErrnoException).code ?? "error"}); not followed`,
      "note",
    );
  }
  return isInside(options.root, target)
    ? []
    : problem("symlink-outside-root", "symbolic link points outside the scanned root; not followed", "note");
}

/** True when `path` is `root` or below it. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const messages: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "file vanished before it could be read",
    EISDIR: "is a directory",
    ELOOP: "too many levels of symbolic links",
  };
  return (code && messages[code]) ?? `cannot read (${code ?? "unknown error"})`;
}
