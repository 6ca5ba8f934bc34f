import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { Hint } from "../problems.js";
import type { WalkRecord } from "../sources/history.js";
import type { LogCommit, RawChange } from "../sources/historyLog.js";
import { packageVersion } from "../util/packageFiles.js";
import { cacheHint, type CacheStore, readCacheFile, writeCacheFile } from "./historyCacheStore.js";

const MAGIC = "secretscan-history-walk 1";

/** Numbers per change in the file: source and destination mode, blob, status, path, old path (-1: none). */
const CHANGE_FIELDS = 7;

/** The file's body after its header line: every string once, then commits and sizes referring to them by index. */
interface WalkPayload {
  strings: string[];
  /** Per commit: id, parents (space-separated), author date, committer date, changes (`CHANGE_FIELDS` numbers each). */
  commits: Array<[string, string, string, string, number[]]>;
  /** Pairs of blob id (string index) and size in bytes. */
  sizes: number[];
}

/**
 * What the history walk read on an earlier run (see `WalkRecord`), read back for this one: its
 * commits' changes and its blobs' sizes, so the walk reads only commits that are new since. Kept
 * beside the blob cache, authenticated with the same per-user key (a repository cannot ship one
 * that hides a commit's changes) and tied to the repository and to the code that reads git's
 * output. Holds commit ids, dates, paths and blob ids, never an author, a subject or any content.
 * Undefined (with a hint for a file that exists but cannot be used) when there is none to use.
 */
export async function readWalkRecord(store: CacheStore): Promise<{ record?: WalkRecord; hints: Hint[] }> {
  const path = store.pathOf("walk");
  const read = await readCacheFile(path);
  if (read.text === undefined && read.problem === undefined) return { hints: [] };
  let parsed: ReturnType<typeof parseWalkRecord> | undefined;
  try {
    parsed = read.text !== undefined ? parseWalkRecord(store, read.text, await walkFormat()) : undefined;
  } catch (error) {
    return { hints: [cacheHint(`history walk cache off: ${(error as Error).message}`)] };
  }
  const problem = read.problem ?? (parsed && "problem" in parsed ? parsed.problem : undefined);
  if (problem !== undefined) return { hints: [cacheHint(`history walk cache ${path} ignored: ${problem}`)] };
  return { record: (parsed as { record: WalkRecord }).record, hints: [] };
}

/** Writes `record` in place of the walk cache; problems become hints, never errors. */
export async function saveWalkRecord(store: CacheStore, record: WalkRecord): Promise<Hint[]> {
  const path = store.pathOf("walk");
  try {
    await writeCacheFile(store, path, serializeWalkRecord(store, record, await walkFormat()));
    return [];
  } catch (error) {
    return [cacheHint(`history walk cache ${path} not written: ${(error as Error).message}`)];
  }
}

/**
 * The walk record as text: a first line with the HMAC-SHA256 (under the user's key) of the rest,
 * a JSON header (repository, format), then the `WalkPayload` as one JSON line.
 */
export function serializeWalkRecord(store: CacheStore, record: WalkRecord, format: string): string {
  const indexes = new Map<string, number>();
  const strings: string[] = [];
  const at = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) indexes.set(text, (index = strings.push(text) - 1));
    return index;
  };
  const commits = record.commits.map((commit): WalkPayload["commits"][number] => {
    const changes: number[] = [];
    for (const change of commit.changes) {
      changes.push(at(change.srcMode), at(change.dstMode), at(change.srcBlob), at(change.dstBlob), at(change.status));
      changes.push(at(change.path), change.oldPath === undefined ? -1 : at(change.oldPath));
    }
    return [commit.info.sha, commit.parents.join(" "), commit.info.date, commit.committedAt, changes];
  });
  const sizes: number[] = [];
  for (const [blobId, size] of record.sizes) sizes.push(at(blobId), size);
  const payload: WalkPayload = { strings, commits, sizes };
  const body = `${JSON.stringify({ repository: store.repository, format })}\n${JSON.stringify(payload)}\n`;
  return `${MAGIC} ${mac(store.key, body)}\n${body}`;
}

/**
 * Reads what `serializeWalkRecord` wrote: anything that does not verify under this user's key,
 * names another repository or another format, or does not hold what it should is a problem, never
 * a partial record.
 */
export function parseWalkRecord(
  store: CacheStore,
  text: string,
  format: string,
): { record: WalkRecord } | { problem: string } {
  const newline = text.indexOf("\n");
  const first = text.slice(0, Math.max(newline, 0));
  if (newline < 0 || !first.startsWith(`${MAGIC} `)) return { problem: "not a secretscan history walk cache" };
  const body = text.slice(newline + 1);
  const expected = Buffer.from(mac(store.key, body), "hex");
  const given = Buffer.from(first.slice(MAGIC.length + 1), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { problem: "it does not verify with your key (corrupt, truncated, or not written by you)" };
  const headerEnd = body.indexOf("\n");
  try {
    const header = JSON.parse(body.slice(0, headerEnd)) as { repository?: string; format?: string };
    if (header.repository !== store.repository) return { problem: "it was written for another repository" };
    if (header.format !== format) return { problem: "it was written by another version of secretscan" };
    return { record: recordOf(JSON.parse(body.slice(headerEnd + 1)) as WalkPayload) };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}

/** The record a payload describes; throws when an index points nowhere. */
function recordOf(payload: WalkPayload): WalkRecord {
  const { strings } = payload;
  const text = (index: number | undefined): string => {
    const value = index === undefined ? undefined : strings[index];
    if (value === undefined) throw new Error(`string ${index} missing`);
    return value;
  };
  const commits = payload.commits.map(([sha, parents, date, committedAt, numbers]): LogCommit => {
    const changes: RawChange[] = [];
    for (let at = 0; at + CHANGE_FIELDS <= numbers.length; at += CHANGE_FIELDS) {
      const oldPath = numbers[at + 6];
      const change: RawChange = {
        srcMode: text(numbers[at]),
        dstMode: text(numbers[at + 1]),
        srcBlob: text(numbers[at + 2]),
        dstBlob: text(numbers[at + 3]),
        status: text(numbers[at + 4]),
        path: text(numbers[at + 5]),
      };
      changes.push(oldPath === -1 ? change : { ...change, oldPath: text(oldPath) });
    }
    const info = { sha, authorName: "", authorEmail: "", date, subject: "" };
    return { info, committedAt, parents: parents === "" ? [] : parents.split(" "), changes };
  });
  const sizes = new Map<string, number>();
  for (let at = 0; at + 1 < payload.sizes.length; at += 2)
    sizes.set(text(payload.sizes[at]), payload.sizes[at + 1] as number);
  return { commits, sizes };
}

/** What ties a record to the code that wrote it: secretscan's version and the code that reads `git log`. */
async function walkFormat(): Promise<string> {
  const dir = new URL("../sources/", import.meta.url);
  const name = (await readdir(dir)).find((file) => /^historyLog\.(js|ts)$/.test(file));
  if (name === undefined) throw new Error("the history log reader is missing");
  const reader = await readFile(new URL(name, dir));
  return createHash("sha256").update(MAGIC).update(packageVersion()).update(reader).digest("hex");
}

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("hex");
}
