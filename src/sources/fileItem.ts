import { lstat, open, realpath } from "node:fs/promises";
import { relative, sep, isAbsolute } from "node:path";
import { decodeBytes } from "./decode.js";
import type { Diagnostic, DiagnosticReason, Provenance, SourceItem } from "./types.js";

/** How to read one working-tree file. `root` bounds where symlinks may point. */
export interface FileReadOptions {
  absolutePath: string;
  displayPath: string;
  root: string;
  maxFileSize: number;
}

/**
 * Reads one file into source items: a chunk, or a diagnostic saying why it was not (fully) scanned.
 * Symlinks are followed only when their target stays inside the root and is a regular file.
 */
export async function readFileItems(options: FileReadOptions): Promise<SourceItem[]> {
  const { absolutePath, displayPath } = options;
  const problem = (reason: DiagnosticReason, message: string, level: Diagnostic["level"] = "warning"): SourceItem[] => [
    { type: "diagnostic", diagnostic: { path: displayPath, reason, message, level } },
  ];
  let target = absolutePath;
  try {
    const info = await lstat(absolutePath);
    if (info.isSymbolicLink()) {
      target = await realpath(absolutePath);
      if (!isInside(options.root, target)) return problem("symlink-outside-root", "symbolic link points outside the scanned root; not followed", "note");
      return [];
    }
    if (info.isDirectory()) return problem("submodule", "directory listed by git (a submodule or nested repository); not descended into", "note");
    if (!info.isFile()) return problem("not-a-file", "not a regular file (FIFO, socket or device); not read", "note");
    if (info.size > options.maxFileSize) {
      return problem("too-large", `${info.size} bytes exceeds the ${options.maxFileSize}-byte limit (--max-file-size)`);
    }
  } catch (error) {
    return problem("unreadable", describeError(error));
  }
  return readContent(target, options, problem);
}

async function readContent(
  path: string,
  options: FileReadOptions,
  problem: (reason: DiagnosticReason, message: string) => SourceItem[],
): Promise<SourceItem[]> {
  let bytes: Buffer;
  try {
    const handle = await open(path, "r");
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return problem("unreadable", describeError(error));
  }
  if (bytes.length > options.maxFileSize) return problem("too-large", `grew past the ${options.maxFileSize}-byte limit while being read`);
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return problem("binary", "binary file (NUL bytes in the first 8 KiB); not scanned");
  const provenance: Provenance = { type: "file", path: options.displayPath };
  const items: SourceItem[] = [
    { type: "chunk", chunk: { text: decoded.text, provenance, startLine: 1, ...(decoded.encoding !== "utf-8" ? { encoding: decoded.encoding } : {}) } },
  ];
  if (decoded.isLossy) {
    items.push({
      type: "diagnostic",
      diagnostic: { path: options.displayPath, reason: "undecodable", level: "note", message: `invalid ${decoded.encoding}; scanned with replacement characters` },
    });
  }
  return items;
}

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
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
