import type { Chunk } from "../text/chunk.js";
import { chunkBytes } from "../text/byteChunk.js";
import { anchoredRuleSet, type RuleSet } from "./ruleSet.js";
import { scanChunk, type DetectOptions, type RawFinding } from "./scanChunk.js";

/**
 * What scanning one chunk produced: its raw findings, or the reason it could not be scanned in
 * time, with what a reduced second pass still found (see `PlainRetryScanner`).
 */
export type ChunkOutcome =
  | { ok: true; findings: RawFinding[] }
  | { ok: false; reason: "rule-timeout"; message: string; findings?: RawFinding[] };

/**
 * Runs the detector over chunks, possibly on other threads. `scan` may be called many times
 * before earlier calls resolve; `warm` starts every thread before the first chunk (when chunks
 * are sure to come, so their start-up overlaps other work); `close` releases any threads.
 */
export interface ChunkScanner {
  scan(chunk: Chunk): Promise<ChunkOutcome>;
  warm(): void;
  close(): Promise<void>;
}

/** Content an inline scan matches without regex anchors before it builds them (see `inlineScanner`). */
const INLINE_ANCHOR_AFTER_BYTES = 1024 * 1024;

/**
 * The detector on the calling thread: no start-up cost, no time bound. It starts with the rule set
 * as given; once more than `anchorAfterBytes` of content has come, it builds the anchored
 * form detector threads use (regexes tried only near their anchor literals: the same findings,
 * about twice as fast), so a large `--threads 0` scan gets their speed while a pre-commit run's
 * few files never pay for the larger keyword automaton.
 */
export function inlineScanner(
  ruleSet: RuleSet,
  detect: DetectOptions,
  anchorAfterBytes = INLINE_ANCHOR_AFTER_BYTES,
): ChunkScanner {
  let bytesSeen = 0;
  let anchored: Promise<RuleSet> | undefined;
  const ruleSetFor = (chunk: Chunk): RuleSet | Promise<RuleSet> => {
    bytesSeen += chunkBytes(chunk);
    if (ruleSet.windowed || bytesSeen <= anchorAfterBytes) return ruleSet;
    return (anchored ??= anchoredRuleSet(ruleSet.rules, ruleSet.allow, ruleSet.keepAllowed));
  };
  return {
    scan: async (chunk) => ({ ok: true, findings: scanChunk(await ruleSetFor(chunk), chunk, detect) }),
    warm: () => undefined,
    close: async () => undefined,
  };
}
