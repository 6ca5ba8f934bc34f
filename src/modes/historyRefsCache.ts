import { signText, verifiedBody } from "../util/signedText.js";
import type { TipAnswers } from "../git/refTips.js";
import type { Hint } from "../problems.js";
import { cacheHint, type CacheStore, readCacheFile, writeCacheFile } from "./historyCacheStore.js";

const MAGIC = "secretscan-history-refs 2";

/** More answers than this are not kept: a repository with that many refs and paths asks git anyway. */
const MAX_KEPT_ANSWERS = 200_000;

/** Appended segments past this many and the file is written anew, holding only the answers about current tips. */
const MAX_SEGMENTS = 16;

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

/**
 * A refs cache read back: its answers (to which a run adds its own, after them), how many it
 * held, and what appending to the file needs (its body and how many segments it has).
 */
export interface EarlierAnswers {
  answers: TipAnswers;
  count: number;
  body: string;
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
  if (read.text === undefined && read.problem === undefined) return { hints: [] };
  const parsed = read.text === undefined ? { problem: read.problem ?? "unreadable" } : parseAnswers(store, read.text);
  if ("problem" in parsed) return { hints: [cacheHint(`history refs cache ${path} ignored: ${parsed.problem}`)] };
  return { earlier: parsed, hints: [] };
}

/**
 * Keeps the answers this run added to `answers` (the earlier file's, or a new map; git's answers
 * come after those, in insertion order) as one more segment of the file; the file is written anew, with the answers about
 * commits that are still tips (`tips`) only, when there was none or the segments add up. An
 * answer about a commit that is no longer a tip stays true (a commit never changes) until then.
 * Problems become hints, never errors.
 */
export async function saveTipAnswers(
  store: CacheStore,
  answers: TipAnswers,
  earlier: EarlierAnswers | undefined,
  tips: ReadonlySet<string>,
): Promise<Hint[]> {
  const earlierCount = earlier?.count ?? 0;
  if (answers.size === earlierCount) return [];
  const isAppending = earlier !== undefined && earlier.segments < MAX_SEGMENTS;
  const entries = [...answers];
  const kept = isAppending
    ? entries.slice(earlierCount)
    : entries.filter(([key]) => tips.has(key.slice(0, key.indexOf(":"))));
  if (kept.length + (isAppending ? earlierCount : 0) > MAX_KEPT_ANSWERS) return [];
  const head = isAppending ? earlier.body : `${JSON.stringify({ repository: store.repository })}\n`;
  const path = store.pathOf("refs");
  try {
    await writeCacheFile(store, path, signText(store.key, MAGIC, `${head}${segmentOf(kept)}\n`));
    return [];
  } catch (error) {
    return [cacheHint(`history refs cache ${path} not written: ${(error as Error).message}`)];
  }
}

/** Answers as one `RefsSegment` line. */
function segmentOf(entries: ReadonlyArray<[string, string]>): string {
  const indexes = new Map<string, number>();
  const strings: string[] = [];
  const at = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) indexes.set(text, (index = strings.push(text) - 1));
    return index;
  };
  const answers: number[] = [];
  for (const [key, blobId] of entries) {
    const colon = key.indexOf(":");
    answers.push(at(key.slice(0, colon)), at(key.slice(colon + 1)), blobId === "" ? -1 : at(blobId));
  }
  const segment: RefsSegment = { strings, answers };
  return JSON.stringify(segment);
}

function parseAnswers(store: CacheStore, text: string): EarlierAnswers | { problem: string } {
  const verified = verifiedBody(store.key, MAGIC, text, "history refs cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const lines = body.split("\n").filter((line) => line !== "");
  try {
    const header = JSON.parse(lines[0] ?? "{}") as { repository?: string };
    if (header.repository !== store.repository) return { problem: "it was written for another repository" };
    const answers: TipAnswers = new Map();
    for (const line of lines.slice(1)) addSegment(answers, JSON.parse(line) as RefsSegment);
    return { answers, count: answers.size, body, segments: lines.length - 1 };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}

/** Adds a segment's answers; throws when an index points nowhere. */
function addSegment(answers: TipAnswers, segment: RefsSegment): void {
  const { strings } = segment;
  const text = (index: number | undefined): string => {
    const value = index === undefined ? undefined : strings[index];
    if (value === undefined) throw new Error(`string ${index} missing`);
    return value;
  };
  for (let at = 0; at + 2 < segment.answers.length; at += 3) {
    const blob = segment.answers[at + 2];
    answers.set(`${text(segment.answers[at])}:${text(segment.answers[at + 1])}`, blob === -1 ? "" : text(blob));
  }
}
