import { createHash } from "node:crypto";
import { signParts, signText, verifiedBody } from "../util/signedText.js";
import { readdir, readFile } from "node:fs/promises";
import type { Hint } from "../problems.js";
import type { HistoryWalk, WalkRecord } from "../sources/history.js";
import type { LogCommit, RawChange } from "../sources/historyLog.js";
import { packageVersion } from "../util/packageFiles.js";
import { cacheHint, type CacheStore, MAX_SEGMENTS, readCacheFile, writeCacheFile } from "./historyCacheStore.js";
import { StringTable, tableString } from "../util/stringTable.js";

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

/** A walk cache read back: the record, and what appending to the file needs (its body and how many segments it has). */
export interface EarlierWalk {
  record: WalkRecord;
  /** The body as read (after the signature line). */
  body: Buffer;
  segments: number;
}

/**
 * What the history walk read on an earlier run (see `WalkRecord`), read back for this one: its
 * commits' changes and its blobs' sizes, so the walk reads only commits that are new since. Kept
 * beside the blob cache, authenticated with the same per-user key (a repository cannot ship one
 * that hides a commit's changes) and tied to the repository and to the code that reads git's
 * output. Holds commit ids, dates, paths and blob ids, never an author, a subject or any content.
 * None (with a hint for a file that exists but cannot be used) when there is none to use.
 */
export async function readWalkRecord(store: CacheStore): Promise<{ earlier?: EarlierWalk; hints: Hint[] }> {
  const path = store.pathOf("walk");
  const read = await readCacheFile(path);
  if (read.bytes === undefined && read.problem === undefined) return { hints: [] };
  let parsed: ReturnType<typeof parseWalkRecord> | undefined;
  try {
    parsed = read.bytes !== undefined ? parseWalkRecord(store, read.bytes, await walkFormat()) : undefined;
  } catch (error) {
    return { hints: [cacheHint(`history walk cache off: ${(error as Error).message}`)] };
  }
  const problem = read.problem ?? (parsed && "problem" in parsed ? parsed.problem : undefined);
  if (problem !== undefined || !parsed || "problem" in parsed)
    return { hints: [cacheHint(`history walk cache ${path} ignored: ${problem}`)] };
  return { earlier: parsed, hints: [] };
}

/**
 * Keeps what `walk` read for the next run; problems become hints, never errors. Nothing is
 * written when the walk read nothing new and dropped nothing; commits and sizes that are new are
 * appended as one more segment; the file is written anew, holding only this walk's commits, when
 * the walk left recorded commits out (rewritten or deleted history) or the segments add up.
 */
export async function saveWalkRecord(
  store: CacheStore,
  walk: HistoryWalk,
  earlier: EarlierWalk | undefined,
): Promise<Hint[]> {
  const { record } = walk;
  if (!record) return [];
  const isDropping = earlier !== undefined && walk.undescribed.size < earlier.record.commits.length;
  const fresh = record.commits.filter((commit) => !walk.undescribed.has(commit.info.sha));
  if (earlier && !isDropping && fresh.length === 0) return [];
  const path = store.pathOf("walk");
  try {
    let text: string | Buffer;
    if (earlier && !isDropping && earlier.segments < MAX_SEGMENTS) {
      const known = earlier.record.sizes;
      const sizes = new Map([...record.sizes].filter(([blobId]) => !known.has(blobId)));
      text = signParts(store.key, MAGIC, [earlier.body, `${segmentOf({ commits: fresh, sizes })}\n`]);
    } else text = serializeWalkRecord(store, record, await walkFormat());
    await writeCacheFile(store, path, text);
    return [];
  } catch (error) {
    return [cacheHint(`history walk cache ${path} not written: ${(error as Error).message}`)];
  }
}

/**
 * A record as text: a first line with the HMAC-SHA256 (under the user's key) of the rest, a JSON
 * header (repository, format), then one or more segments, each a `WalkPayload` as one JSON line.
 */
export function serializeWalkRecord(store: CacheStore, record: WalkRecord, format: string): string {
  const body = `${JSON.stringify({ repository: store.repository, format })}\n${segmentOf(record)}\n`;
  return signText(store.key, MAGIC, body);
}

/** One segment: the record's commits and sizes as a `WalkPayload` (one JSON line). */
function segmentOf(record: WalkRecord): string {
  const table = new StringTable();
  const at = (text: string): number => table.at(text);
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
  const payload: WalkPayload = { strings: table.strings, commits, sizes };
  return JSON.stringify(payload);
}

/**
 * Reads what `saveWalkRecord` wrote: anything that does not verify under this user's key, names
 * another repository or another format, or does not hold what it should is a problem, never a
 * partial record.
 */
export function parseWalkRecord(
  store: CacheStore,
  data: string | Buffer,
  format: string,
): EarlierWalk | { problem: string } {
  const verified = verifiedBody(store.key, MAGIC, data, "history walk cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const lines = body.split("\n").filter((line) => line !== "");
  try {
    const header = JSON.parse(lines[0] ?? "{}") as { repository?: string; format?: string };
    if (header.repository !== store.repository) return { problem: "it was written for another repository" };
    if (header.format !== format) return { problem: "it was written by another version of secretscan" };
    const commits: LogCommit[] = [];
    const sizes = new Map<string, number>();
    for (const line of lines.slice(1)) addSegment(commits, sizes, JSON.parse(line) as WalkPayload);
    return { record: { commits, sizes }, body: verified.bytes, segments: lines.length - 1 };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}

/** Adds a segment's commits and sizes to those read so far; throws when an index points nowhere. */
function addSegment(commits: LogCommit[], sizes: Map<string, number>, payload: WalkPayload): void {
  const { strings } = payload;
  const text = (index: number | undefined): string => tableString(strings, index);
  for (const [sha, parents, date, committedAt, numbers] of payload.commits) {
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
    commits.push({ info, committedAt, parents: parents === "" ? [] : parents.split(" "), changes });
  }
  for (let at = 0; at + 1 < payload.sizes.length; at += 2)
    sizes.set(text(payload.sizes[at]), payload.sizes[at + 1] as number);
}

/** What ties a record to the code that wrote it: secretscan's version and the code that reads `git log`. */
async function walkFormat(): Promise<string> {
  const dir = new URL("../sources/", import.meta.url);
  const name = (await readdir(dir)).find((file) => /^historyLog\.(js|ts)$/.test(file));
  if (name === undefined) throw new Error("the history log reader is missing");
  const reader = await readFile(new URL(name, dir));
  return createHash("sha256").update(MAGIC).update(packageVersion()).update(reader).digest("hex");
}
