import { join } from "node:path";
import { decodeUtf8Escaped, isWellFormedUtf8 } from "../util/escapedUtf8.js";

/** A file found by a listing, relative to the listed folder and `/`-separated. */
export interface ListedFile {
  /** The name reports show: the path's bytes as UTF-8, any byte that is not as `\xNN`. */
  name: string;
  /** The path's bytes, kept only when `name` does not spell them (not UTF-8): what must be opened. */
  bytes?: Buffer;
}

/** A folder a listing could not read, so files below it may be missing: a diagnostic, never a silent gap. */
export interface UnlistedFolder {
  /** Relative to the listed folder, `/`-separated, escaped like `ListedFile.name`. */
  name: string;
  /** Why, in a few words (`permission denied`). */
  reason: string;
}

/** What a listing found below a folder. */
export interface Listing {
  files: ListedFile[];
  unlisted: UnlistedFolder[];
}

/** A listed file from its raw relative path. */
export function listedFromBytes(bytes: Buffer): ListedFile {
  return isWellFormedUtf8(bytes) ? { name: bytes.toString("utf8") } : { name: decodeUtf8Escaped(bytes), bytes };
}

/** The path that opens `file` below `dir`: a string, or bytes for a name that is not UTF-8. */
export function listedPath(dir: string, file: ListedFile): string | Buffer {
  return file.bytes ? Buffer.concat([Buffer.from(`${join(dir, ".")}/`), file.bytes]) : join(dir, file.name);
}
