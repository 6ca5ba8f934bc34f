import { CatFile } from "../git/catFile.js";
import { decodeBytes } from "../text/decode.js";

/** The text of file bytes, or undefined when they are binary (a NUL in the first 8 KiB, no UTF-16 BOM). */
export function textOf(bytes: Uint8Array): string | undefined {
  const decoded = decodeBytes(bytes);
  return decoded.ok ? decoded.text : undefined;
}

/**
 * Reads git blobs by id with one `git cat-file --batch` process and maps each blob's bytes through
 * `convert`; missing blobs and blobs over `maxFileSize` bytes map to undefined.
 */
async function readBlobs<T>(
  root: string,
  blobIds: Iterable<string>,
  maxFileSize: number,
  convert: (content: Uint8Array) => T | undefined,
): Promise<Map<string, T | undefined>> {
  const read = new Map<string, T | undefined>();
  const wanted = [...new Set(blobIds)];
  if (wanted.length === 0) return read;
  const reader = new CatFile(root);
  try {
    for await (const object of reader.objects(wanted)) {
      read.set(object.oid, !object.isMissing && object.size <= maxFileSize ? convert(object.content) : undefined);
    }
  } finally {
    await reader.close();
  }
  return read;
}

/**
 * The first `headBytes` bytes of git blobs (see `readBlobs`). Used for the few blobs a file rule
 * with a `structure` check selects (keystores).
 */
export function blobHeads(
  root: string,
  blobIds: Iterable<string>,
  maxFileSize: number,
  headBytes: number,
): Promise<Map<string, Uint8Array | undefined>> {
  return readBlobs(root, blobIds, maxFileSize, (content) => content.slice(0, headBytes));
}

/**
 * The texts of git blobs (see `readBlobs`; binary blobs map to undefined too). Used for the few
 * blobs whose paths a file rule with a content condition selects.
 */
export function blobTexts(
  root: string,
  blobIds: Iterable<string>,
  maxFileSize: number,
): Promise<Map<string, string | undefined>> {
  return readBlobs(root, blobIds, maxFileSize, textOf);
}
