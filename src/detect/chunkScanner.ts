import type { Chunk } from "../sources/types.js";
import type { RuleSet } from "./ruleSet.js";
import { scanChunk, type DetectOptions, type RawFinding } from "./scanChunk.js";

/** What scanning one chunk produced: its raw findings, or the reason it could not be scanned in time. */
export type ChunkOutcome = { ok: true; findings: RawFinding[] } | { ok: false; reason: "rule-timeout"; message: string };

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

/** The detector on the calling thread: no start-up cost, no time bound. */
export function inlineScanner(ruleSet: RuleSet, detect: DetectOptions): ChunkScanner {
  return {
    scan: async (chunk) => ({ ok: true, findings: scanChunk(ruleSet, chunk, detect) }),
    warm: () => undefined,
    close: async () => undefined,
  };
}
