import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../util/packageFiles.js";
import type { RegexAnchor } from "./anchors.js";

/**
 * The built-in rules' anchors, worked out by the build: every detector thread would otherwise
 * load the regex parser and analyse ~330 patterns at start (about 140 ms of CPU each).
 */
export const ANCHOR_CACHE_FILE = join(PACKAGE_ROOT, "dist", "builtin-anchors.json");

/** Pattern source → its anchor (`regexAnchor`), or null when it has none. */
export type AnchorCache = ReadonlyMap<string, RegexAnchor | null>;

/** Computes one pattern's anchor: `regexAnchor`, loaded only when the cache lacks a pattern. */
export type AnchorAnalysis = (source: string) => RegexAnchor | undefined;

/** Writes the anchors of `patterns` (the build does this for the built-in rules). */
export function writeAnchorCache(
  patterns: readonly string[],
  analyse: AnchorAnalysis,
  file: string = ANCHOR_CACHE_FILE,
): void {
  const entries = [...new Set(patterns)].map((source) => [source, analyse(source) ?? null]);
  writeFileSync(file, JSON.stringify(entries));
}

/** The cache as the build wrote it; empty when there is none (a source checkout before its first build). */
export function readAnchorCache(file: string = ANCHOR_CACHE_FILE): AnchorCache {
  if (!existsSync(file)) return new Map();
  return new Map(JSON.parse(readFileSync(file, "utf8")) as Array<[string, RegexAnchor | null]>);
}

/**
 * Each pattern's anchor, from `cache` when it holds the pattern (a built-in rule as shipped); the
 * analysis is loaded and run only for the others (a user's rules, an edited pattern). Keyed by the
 * pattern's exact source, so a cached answer is the analysis's answer.
 */
export async function anchorsOf(
  patterns: readonly string[],
  cache: AnchorCache,
  loadAnalysis: () => Promise<AnchorAnalysis>,
): Promise<Array<RegexAnchor | undefined>> {
  const analyse = patterns.every((source) => cache.has(source)) ? undefined : await loadAnalysis();
  return patterns.map((source) => {
    const cached = cache.get(source);
    if (cached !== undefined) return cached ?? undefined;
    return analyse?.(source);
  });
}
