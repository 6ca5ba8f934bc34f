import { signText, verifiedBody } from "../util/signedText.js";
import type { TipAnswers } from "../git/refTips.js";
import type { Hint } from "../problems.js";
import { cacheHint, type CacheStore, readCacheFile, writeCacheFile } from "./historyCacheStore.js";

const MAGIC = "secretscan-history-refs 1";

/** More answers than this are not kept: a repository with that many refs and paths asks git anyway. */
const MAX_KEPT_ANSWERS = 200_000;

/**
 * The `tip:path` answers (see `TipAnswers`) an earlier run got from git, for `markRefs`: on a
 * repeat audit most refs have not moved and findings sit at the same paths, so git is asked only
 * about new tips and paths. Authenticated with the user's key and tied to the repository, as the
 * other caches are. Empty (with a hint for a file that cannot be used) when there is none.
 */
export async function readTipAnswers(store: CacheStore): Promise<{ answers: TipAnswers; hints: Hint[] }> {
  const path = store.pathOf("refs");
  const read = await readCacheFile(path);
  if (read.text === undefined && read.problem === undefined) return { answers: new Map(), hints: [] };
  const parsed = read.text === undefined ? { problem: read.problem ?? "unreadable" } : parseAnswers(store, read.text);
  if ("problem" in parsed)
    return { answers: new Map(), hints: [cacheHint(`history refs cache ${path} ignored: ${parsed.problem}`)] };
  return { answers: parsed.answers, hints: [] };
}

/**
 * Keeps the answers about commits that are still tips (`tips`), when some were new; problems
 * become hints, never errors.
 */
export async function saveTipAnswers(
  store: CacheStore,
  answers: TipAnswers,
  earlierCount: number,
  tips: ReadonlySet<string>,
): Promise<Hint[]> {
  if (answers.size === earlierCount) return [];
  const kept = [...answers].filter(([key]) => tips.has(key.slice(0, key.indexOf(":"))));
  if (kept.length > MAX_KEPT_ANSWERS) return [];
  const body = `${JSON.stringify({ repository: store.repository })}\n${JSON.stringify(kept)}\n`;
  const path = store.pathOf("refs");
  try {
    await writeCacheFile(store, path, signText(store.key, MAGIC, body));
    return [];
  } catch (error) {
    return [cacheHint(`history refs cache ${path} not written: ${(error as Error).message}`)];
  }
}

function parseAnswers(store: CacheStore, text: string): { answers: TipAnswers } | { problem: string } {
  const verified = verifiedBody(store.key, MAGIC, text, "history refs cache");
  if ("problem" in verified) return verified;
  const body = verified.body;
  const headerEnd = body.indexOf("\n");
  try {
    const header = JSON.parse(body.slice(0, headerEnd)) as { repository?: string };
    if (header.repository !== store.repository) return { problem: "it was written for another repository" };
    const entries = JSON.parse(body.slice(headerEnd + 1)) as Array<[string, string]>;
    return { answers: new Map(entries.filter(([key, value]) => typeof key === "string" && typeof value === "string")) };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}
