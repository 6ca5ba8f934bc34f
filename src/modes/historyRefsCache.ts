import { signParts, verifiedBody } from "../util/signedText.js";
import { noTipAnswers, type TipAnswers } from "../git/refTips.js";
import type { Hint } from "../problems.js";
import { cacheHint, type CacheStore, MAX_SEGMENTS, readCacheFile, writeCacheFile } from "./historyCacheStore.js";
import { StringTable, tableString } from "../util/stringTable.js";

const MAGIC = "secretscan-history-refs 2";

/** More answers than this are not kept: a repository with that many refs and paths asks git anyway. */
const MAX_KEPT_ANSWERS = 200_000;

/**
 * One segment of the file (one JSON line): every string once, then per answer three indexes into
 * them, tip, path and blob id (-1: the tip has nothing at that path). Ids and paths repeat across
 * thousands of answers: as `tip:path` keys the file was 1.6 MB on gin.git and took longer to
 * parse and write than the look-up it saves.
 */
interface RefsSegment {
  strings: string[];
  answers: number[];
}

/** A refs cache read back: its answers, how many, and what appending to the file needs (its body and how many segments it has). */
export interface EarlierAnswers {
  answers: TipAnswers;
  count: number;
  /** The body as read (after the signature line). */
  body: Buffer;
  segments: number;
}

/**
 * The `tip:path` answers (see `TipAnswers`) an earlier run got from git, for `markRefs`: on a
 * repeat audit most refs have not moved and findings sit at the same paths, so git is asked only
 * about new tips and paths. Authenticated with the user's key and tied to the repository, as the
 * other caches are. Empty (with a hint for a file that cannot be used) when there is none.
 */
export async function readTipAnswers(store: CacheStore): Promise<{ earlier?: EarlierAnswers; hints: Hint[] }> {
  const path = store.pathOf("refs");
  const read = await readCacheFile(path);
  if (read.bytes === undefined && read.problem === undefined) return { hints: [] };
  const parsed = read.bytes === undefined ? { problem: read.problem ?? "unreadable" } : parseAnswers(store, read.bytes);
  if ("problem" in parsed) return { hints: [cacheHint(`history refs cache ${path} ignored: ${parsed.problem}`)] };
  return { earlier: parsed, hints: [] };
}

/**
 * Keeps the answers git gave this run (`answers.added`) as one more segment of the file; the file
 * is written anew, with the answers about commits that are still tips (`tips`) only, when there
 * was none or the segments add up. An answer about a commit that is no longer a tip stays true (a
 * commit never changes) until then. Problems become hints, never errors.
 */
export async function saveTipAnswers(
  store: CacheStore,
  answers: TipAnswers,
  earlier: EarlierAnswers | undefined,
  tips: ReadonlySet<string>,
): Promise<Hint[]> {
  if (answers.added.length === 0) return [];
  const isAppending = earlier !== undefined && earlier.segments < MAX_SEGMENTS;
  const kept: Array<[string, string, string]> = isAppending ? answers.added : [];
  if (!isAppending)
    for (const [tip, byPath] of answers.byTip)
      if (tips.has(tip)) for (const [path, answer] of byPath) kept.push([tip, path, answer]);
  if (kept.length + (isAppending ? earlier.count : 0) > MAX_KEPT_ANSWERS) return [];
  const head = isAppending ? earlier.body : `${JSON.stringify({ repository: store.repository })}\n`;
  const path = store.pathOf("refs");
  try {
    await writeCacheFile(store, path, signParts(store.key, MAGIC, [head, `${segmentOf(kept)}\n`]));
    return [];
  } catch (error) {
    return [cacheHint(`history refs cache ${path} not written: ${(error as Error).message}`)];
  }
}

/** Answers (tip, path, answer) as one `RefsSegment` line. */
function segmentOf(entries: ReadonlyArray<[string, string, string]>): string {
  const table = new StringTable();
  const at = (text: string): number => table.at(text);
  const answers: number[] = [];
  for (const [tip, path, blobId] of entries) answers.push(at(tip), at(path), blobId === "" ? -1 : at(blobId));
  const segment: RefsSegment = { strings: table.strings, answers };
  return JSON.stringify(segment);
}

function parseAnswers(store: CacheStore, data: Buffer): EarlierAnswers | { problem: string } {
  const verified = verifiedBody(store.key, MAGIC, data, "history refs cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const lines = body.split("\n").filter((line) => line !== "");
  try {
    const header = JSON.parse(lines[0] ?? "{}") as { repository?: string };
    if (header.repository !== store.repository) return { problem: "it was written for another repository" };
    const answers = noTipAnswers();
    let count = 0;
    for (const line of lines.slice(1)) count += addSegment(answers, JSON.parse(line) as RefsSegment);
    return { answers, count, body: verified.bytes, segments: lines.length - 1 };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}

/** Adds a segment's answers (not as `added`: they are known); returns how many it holds. Throws when an index points nowhere. */
function addSegment(answers: TipAnswers, segment: RefsSegment): number {
  const { strings } = segment;
  const text = (index: number | undefined): string => tableString(strings, index);
  let count = 0;
  for (let at = 0; at + 2 < segment.answers.length; at += 3) {
    const tip = text(segment.answers[at]);
    const blob = segment.answers[at + 2];
    let byPath = answers.byTip.get(tip);
    if (!byPath) answers.byTip.set(tip, (byPath = new Map()));
    byPath.set(text(segment.answers[at + 1]), blob === -1 ? "" : text(blob));
    count += 1;
  }
  return count;
}
