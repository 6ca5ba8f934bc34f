import type { Chunk } from "../text/chunk.js";
import { chunkBytes } from "../text/byteChunk.js";
import { anchoredRuleSet, type RuleSet } from "./ruleSet.js";
import { scanChunk, type DetectOptions, type RawFinding } from "./scanChunk.js";
import { runWatched } from "./watchdog.js";

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

/**
 * Content an inline scan matches without regex anchors before it builds them (see
 * `inlineScanner`). Building them takes ~35 ms; unanchored, a rule with a long look-behind (GitHub
 * client secrets) costs ~0.8 µs a byte of text dense in its keywords: 220 ms for a repeat audit's
 * 258 KB of windows on sinatra, 364 ms of a pre-commit run staging redis's 300 KB server.c. Past
 * 32 KiB the anchors pay for themselves.
 */
const INLINE_ANCHOR_AFTER_BYTES = 32 * 1024;

/**
 * The detector on the calling thread: no start-up cost, and no time bound for the built-in rules
 * (ReDoS-checked and fuzzed); patterns a user supplied run under a watchdog (`watchedScan`). It starts with the rule set
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
    scan: async (chunk) => {
      const rules = await ruleSetFor(chunk);
      if (!ruleSet.hasUserPatterns) return { ok: true, findings: scanChunk(rules, chunk, detect) };
      return watchedScan(rules, chunk, detect);
    },
    warm: () => undefined,
    close: async () => undefined,
  };
}

/**
 * One chunk under the same budget a detector thread has (`timeoutMs`, plus as much again per MiB):
 * past it, a `rule-timeout`, and a second watched pass with decoding off, so a file crafted to make
 * the encoded-text pass slow still has its plain tokens reported.
 */
function watchedScan(ruleSet: RuleSet, chunk: Chunk, detect: DetectOptions): ChunkOutcome {
  const budget = detect.timeoutMs * (1 + chunkBytes(chunk) / (1024 * 1024));
  const first = runWatched(() => scanChunk(ruleSet, chunk, detect), budget);
  if (first.ok) return { ok: true, findings: first.value };
  const plain = runWatched(() => scanChunk(ruleSet, chunk, { ...detect, maxDecodeDepth: 0 }), budget);
  const seconds = Math.round(detect.timeoutMs / 100) / 10;
  const limit = `matching took longer than the time limit (${seconds} s + ${seconds} s per MiB); not fully scanned`;
  return plain.ok
    ? { ok: false, reason: "rule-timeout", message: `${limit}; rescanned with decoding off`, findings: plain.value }
    : { ok: false, reason: "rule-timeout", message: limit };
}
