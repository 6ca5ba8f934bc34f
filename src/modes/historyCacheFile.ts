import { signText, verifiedBody } from "../util/signedText.js";
import type { BlobSniff } from "../sources/history.js";

/** What a history cache remembers of one blob: how it sniffed and the path treatments under which it had no matches. */
export interface CachedBlob {
  sniff: BlobSniff;
  /** Path signatures (see `PathSignatures`) the blob was scanned under with no match at all; shared, never changed. */
  clean: ReadonlySet<string>;
}

/** A cache's identity: the repository it describes and the hash of everything that changes findings. */
export interface CacheIdentity {
  repository: string;
  settings: string;
}

const MAGIC = "secretscan-history-cache 1";

/** What a history cache file holds: per blob what it learnt, and the signature of each path (see `PathSignatures`). */
interface CacheContent {
  blobs: Map<string, CachedBlob>;
  paths: Map<string, string>;
}

/**
 * The cache as text: a first line with the HMAC-SHA256 (under the user's key) of the rest, a
 * JSON header (identity, path signatures, paths with the index of their signature), then one line
 * per blob: `id t bytes lossy sigs`, `id b` (binary) or `id l` (LFS pointer). Nothing in it comes
 * from file content but sizes.
 */
export function serializeCache(
  key: Buffer,
  identity: CacheIdentity,
  blobs: ReadonlyMap<string, CachedBlob>,
  paths: ReadonlyMap<string, string> = new Map(),
): string {
  const signatures = new Map<string, number>();
  const indexOf = (signature: string): number => {
    let index = signatures.get(signature);
    if (index === undefined) signatures.set(signature, (index = signatures.size));
    return index;
  };
  const lines: string[] = [];
  for (const [blobId, entry] of blobs) {
    if (entry.sniff.kind !== "text") {
      lines.push(`${blobId} ${entry.sniff.kind === "binary" ? "b" : "l"}`);
      continue;
    }
    const indexes = [...entry.clean].map(indexOf);
    lines.push(`${blobId} t ${entry.sniff.bytes} ${entry.sniff.lossy ?? "-"} ${indexes.join(",")}`);
  }
  const pathSignatures = [...paths.values()].map(indexOf);
  const header = { ...identity, signatures: [...signatures.keys()], paths: [...paths.keys()], pathSignatures };
  const body = `${JSON.stringify(header)}\n${lines.join("\n")}\n`;
  return signText(key, MAGIC, body);
}

/** A cache read back, or why it cannot be used (shown in a hint). */
export type ParsedCache = CacheContent | { problem: string };

/**
 * Reads a cache written by `serializeCache`: anything that does not verify under this user's key
 * (truncated, edited, written by another user or shipped inside a repository) or was written for
 * another repository or other rules and options is a problem, never a partial result.
 */
export function parseCache(key: Buffer, text: string, identity: CacheIdentity): ParsedCache {
  const verified = verifiedBody(key, MAGIC, text, "history cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const bodyNewline = body.indexOf("\n");
  const header = JSON.parse(body.slice(0, bodyNewline)) as CacheIdentity & {
    signatures: string[];
    paths?: string[];
    pathSignatures?: number[];
  };
  if (header.repository !== identity.repository) return { problem: "it was written for another repository" };
  if (header.settings !== identity.settings)
    return { problem: "secretscan, its rules or the options that change findings differ from the run that wrote it" };
  const blobs = new Map<string, CachedBlob>();
  // Most blobs share one of a few lists of signatures: each list becomes one set, which no one changes (see `CachedBlob`).
  const sets = new Map<string, ReadonlySet<string>>();
  const setOf = (indexes: string): ReadonlySet<string> => {
    let clean = sets.get(indexes);
    if (!clean) {
      const signatures = indexes.split(",").filter((index) => index !== "");
      sets.set(indexes, (clean = new Set(signatures.flatMap((index) => header.signatures[Number(index)] ?? []))));
    }
    return clean;
  };
  const none = setOf("");
  for (const line of body.slice(bodyNewline + 1).split("\n")) {
    const [blobId, kind, bytes, lossy, indexes] = line.split(" ");
    if (!blobId || !kind) continue;
    if (kind !== "t") {
      blobs.set(blobId, { sniff: { kind: kind === "b" ? "binary" : "lfs-pointer" }, clean: none });
      continue;
    }
    const sniff: BlobSniff = { kind: "text", bytes: Number(bytes), ...(lossy && lossy !== "-" ? { lossy } : {}) };
    blobs.set(blobId, { sniff, clean: setOf(indexes ?? "") });
  }
  const paths = new Map<string, string>();
  const pathSignatures = header.pathSignatures ?? [];
  for (const [at, path] of (header.paths ?? []).entries()) {
    const signature = header.signatures[pathSignatures[at] ?? -1];
    if (signature !== undefined) paths.set(path, signature);
  }
  return { blobs, paths };
}
