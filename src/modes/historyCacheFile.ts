import { signParts, signText, verifiedBody } from "../util/signedText.js";
import type { BlobSniff } from "../sources/history.js";
import { StringTable } from "../util/stringTable.js";

/**
 * What a history cache remembers of one blob: how it sniffed, the path treatments under which it
 * had no matches, and those under which it had some, with the lines they start on.
 */
export interface CachedBlob {
  sniff: BlobSniff;
  /** Path signatures (see `PathSignatures`) the blob was scanned under with no match at all; shared, never changed. */
  clean: ReadonlySet<string>;
  /**
   * Path signatures the blob had matches under (allowed ones included), each with the 1-based lines
   * (ascending, distinct) its matches start on: where a later run needs to look, never what it found.
   */
  matched: ReadonlyMap<string, readonly number[]>;
}

/** The `matched` of a blob with none; shared, never changed. */
export const NO_MATCHES: ReadonlyMap<string, readonly number[]> = new Map();

/** A cache's identity: the repository it describes and the hash of everything that changes findings. */
export interface CacheIdentity {
  repository: string;
  settings: string;
}

const MAGIC = "secretscan-history-cache 2";

/**
 * What a history cache file holds: per blob what it learnt, and the signature of each path (see
 * `PathSignatures`); with its body and how many segments it has, for `appendCache`.
 */
interface CacheContent {
  blobs: Map<string, CachedBlob>;
  paths: Map<string, string>;
  /** The body as read (after the signature line). */
  body: Buffer;
  segments: number;
}

/**
 * The cache as text: a first line with the HMAC-SHA256 (under the user's key) of the rest, then
 * one or more segments (`segmentOf`). Nothing in it comes from file content but sizes and line
 * numbers: no secret, no hash of one.
 */
export function serializeCache(
  key: Buffer,
  identity: CacheIdentity,
  blobs: ReadonlyMap<string, CachedBlob>,
  paths: ReadonlyMap<string, string> = new Map(),
): string {
  return signText(key, MAGIC, segmentOf(identity, blobs, paths));
}

/**
 * The cache `body` (as `parseCache` read it) with one more segment: a later segment's line for a
 * blob replaces an earlier one's, and its paths join theirs. What a run learnt costs a segment,
 * not a rewrite of every blob known (the whole body is still signed anew).
 */
export function appendCache(
  key: Buffer,
  body: Buffer,
  identity: CacheIdentity,
  blobs: ReadonlyMap<string, CachedBlob>,
  paths: ReadonlyMap<string, string>,
): Buffer {
  return signParts(key, MAGIC, [body, segmentOf(identity, blobs, paths)]);
}

/**
 * One segment: a JSON header (identity, path signatures, paths with the index of their
 * signature), then one line per blob: `id t bytes lossy sigs [sig:line;line/sig:line]` (the last
 * field, the lines matches start on per signature, only for a blob with some), `id b` (binary)
 * or `id l` (LFS pointer). Signature indexes refer to the segment's own header.
 */
function segmentOf(
  identity: CacheIdentity,
  blobs: ReadonlyMap<string, CachedBlob>,
  paths: ReadonlyMap<string, string>,
): string {
  const signatures = new StringTable();
  const indexOf = (signature: string): number => signatures.at(signature);
  const lines: string[] = [];
  for (const [blobId, entry] of blobs) {
    if (entry.sniff.kind !== "text") {
      lines.push(`${blobId} ${entry.sniff.kind === "binary" ? "b" : "l"}`);
      continue;
    }
    const indexes = [...entry.clean].map(indexOf);
    const matched = [...entry.matched].map(([signature, at]) => `${indexOf(signature)}:${at.join(";")}`);
    const line = `${blobId} t ${entry.sniff.bytes} ${entry.sniff.lossy ?? "-"} ${indexes.join(",")}`;
    lines.push(matched.length > 0 ? `${line} ${matched.join("/")}` : line);
  }
  const pathSignatures = [...paths.values()].map(indexOf);
  const header = { ...identity, signatures: signatures.strings, paths: [...paths.keys()], pathSignatures };
  return `${JSON.stringify(header)}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/** A cache read back, or why it cannot be used (shown in a hint). */
export type ParsedCache = CacheContent | { problem: string };

/**
 * Reads a cache written by `serializeCache` and `appendCache`: anything that does not verify under this user's key
 * (truncated, edited, written by another user or shipped inside a repository) or was written for
 * another repository or other rules and options is a problem, never a partial result.
 */
export function parseCache(key: Buffer, data: string | Buffer, identity: CacheIdentity): ParsedCache {
  const verified = verifiedBody(key, MAGIC, data, "history cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const blobs = new Map<string, CachedBlob>();
  const paths = new Map<string, string>();
  let segments = 0;
  let signatures: readonly string[] = [];
  // Most blobs share one of a few lists of signatures: each list becomes one set, which no one changes (see `CachedBlob`).
  let sets = new Map<string, ReadonlySet<string>>();
  const setOf = (indexes: string): ReadonlySet<string> => {
    let clean = sets.get(indexes);
    if (!clean) {
      const listed = indexes.split(",").filter((index) => index !== "");
      sets.set(indexes, (clean = new Set(listed.flatMap((index) => signatures[Number(index)] ?? []))));
    }
    return clean;
  };
  const none: ReadonlySet<string> = new Set();
  for (const line of body.split("\n")) {
    if (line.startsWith("{")) {
      const header = parsedHeader(line);
      if (!header) return { problem: "unreadable (a header is not JSON)" };
      if (header.repository !== identity.repository) return { problem: "it was written for another repository" };
      if (header.settings !== identity.settings)
        return {
          problem: "secretscan, its rules or the options that change findings differ from the run that wrote it",
        };
      segments += 1;
      signatures = header.signatures;
      sets = new Map();
      const pathSignatures = header.pathSignatures ?? [];
      for (const [at, path] of (header.paths ?? []).entries()) {
        const signature = signatures[pathSignatures[at] ?? -1];
        if (signature !== undefined) paths.set(path, signature);
      }
      continue;
    }
    const [blobId, kind, bytes, lossy, indexes, matched] = line.split(" ");
    if (!blobId || !kind || segments === 0) continue;
    if (kind !== "t") {
      blobs.set(blobId, { sniff: { kind: kind === "b" ? "binary" : "lfs-pointer" }, clean: none, matched: NO_MATCHES });
      continue;
    }
    const sniff: BlobSniff = { kind: "text", bytes: Number(bytes), ...(lossy && lossy !== "-" ? { lossy } : {}) };
    const matches = matched ? matchedLines(matched, signatures) : NO_MATCHES;
    blobs.set(blobId, { sniff, clean: setOf(indexes ?? ""), matched: matches });
  }
  if (segments === 0) return { problem: "it holds no header" };
  return { blobs, paths, body: verified.bytes, segments };
}

/** A segment's header; undefined when it is not JSON (a file this code did not write, signed all the same). */
function parsedHeader(
  line: string,
): (CacheIdentity & { signatures: string[]; paths?: string[]; pathSignatures?: number[] }) | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The last field of a blob's line (`sig:line;line/sig:line`) read back; a part that is not that is left out (the blob is then read whole). */
function matchedLines(field: string, signatures: readonly string[]): ReadonlyMap<string, readonly number[]> {
  const matched = new Map<string, readonly number[]>();
  for (const part of field.split("/")) {
    const [index, list] = part.split(":");
    const signature = signatures[Number(index)];
    const lines = (list ?? "").split(";").map(Number);
    if (signature !== undefined && lines.every((line) => Number.isSafeInteger(line) && line >= 1))
      matched.set(signature, lines);
  }
  return matched;
}
