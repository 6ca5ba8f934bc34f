import { CatFile } from "../git/catFile.js";
import { decodeBytes } from "../text/decode.js";

/** The text of file bytes, or undefined when they are binary (a NUL in the first 8 KiB, no UTF-16 BOM). */
export function textOf(bytes: Uint8Array): string | undefined {
  const decoded = decodeBytes(bytes);
  return decoded.ok ? decoded.text : undefined;
}

/**
 * Reads git blobs by id and returns their first `headBytes` bytes (missing blobs and blobs over
 * `maxFileSize` bytes map to undefined). Used for the few blobs a file rule with a `structure`
 * check selects (keystores).
 */
export async function blobHeads(
  root: string,
  blobIds: Iterable<string>,
  maxFileSize: number,
  headBytes: number,
): Promise<Map<string, Uint8Array | undefined>> {
  const heads = new Map<string, Uint8Array | undefined>();
  const wanted = [...new Set(blobIds)];
  if (wanted.length === 0) return heads;
  const reader = new CatFile(root);
  try {
    for await (const object of reader.objects(wanted)) {
      heads.set(
        object.oid,
        !object.isMissing && object.size <= maxFileSize ? object.content.slice(0, headBytes) : undefined,
      );
    }
  } finally {
    await reader.close();
  }
  return heads;
}

/**
 * Reads git blobs by id with one `git cat-file --batch` process and returns their texts (binary
 * or missing blobs and blobs over `maxFileSize` bytes map to undefined). Used for the few blobs
 * whose paths a file rule with a content condition selects.
 */
export async function blobTexts(
  root: string,
  blobIds: Iterable<string>,
  maxFileSize: number,
): Promise<Map<string, string | undefined>> {
  const texts = new Map<string, string | undefined>();
  const wanted = [...new Set(blobIds)];
  if (wanted.length === 0) return texts;
  const reader = new CatFile(root);
  try {
    for await (const object of reader.objects(wanted)) {
      texts.set(object.oid, !object.isMissing && object.size <= maxFileSize ? textOf(object.content) : undefined);
    }
  } finally {
    await reader.close();
  }
  return texts;
}
