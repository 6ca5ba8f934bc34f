import { availableParallelism } from "node:os";
import { inlineScanner, type ChunkOutcome, type ChunkScanner } from "../detect/chunkScanner.js";
import type { RuleSet } from "../detect/ruleSet.js";
import { PlainRetryScanner } from "../detect/plainRetry.js";
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from "../detect/scanChunk.js";
import { WorkerPoolScanner } from "../detect/workerPool.js";
import { buildFinding, matchesByLine } from "../findings/build.js";
import { prepareSecretHashes } from "../findings/secretHash.js";
import type { Suppressor } from "../findings/suppressor.js";
import type { Finding } from "../findings/types.js";
import { InFlight } from "../util/inFlight.js";
import { chunkBytes } from "../text/byteChunk.js";
import type { Diagnostic, Source } from "../sources/types.js";
import type { Chunk } from "../text/chunk.js";

/** What running sources through the detector collects. */
export interface Collected {
  findings: Finding[];
  /** Findings a Suppressor marked while scanning (config allow-list, inline markers); empty without one. */
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  stats: { files: number; bytes: number; blobs: number };
}

/** How to run sources: detector options, optional suppression marking, and the threads to use. */
export interface RunOptions {
  detect: DetectOptions;
  suppressor?: Suppressor | undefined;
  /** Detector threads (0: the calling thread). Ignored when `scanner` is given. */
  threads?: number;
  /** A scanner shared across calls (history scans one blob per call); the caller closes it. */
  scanner?: ChunkScanner;
}

/** Options every scan mode takes to tune detection. */
export interface DetectionOptions {
  /** Nested encodings (base64, hex, percent, escapes) decoded and scanned; 0 turns decoding off. Default 2. */
  maxDecodeDepth?: number;
  /** Detector threads; 0 runs detection on the calling thread without a time bound. Default: one per core. */
  threads?: number;
  /** Matching budget per chunk in milliseconds (plus as much again per MiB). Default 10000. */
  matchTimeoutMs?: number;
}

/** Chunks (and their bytes) in flight at once: enough to keep every thread busy, bounded for memory. */
const MAX_PENDING_CHUNKS = 512;
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

/** Detector options from scan options. */
export function detectOptions(options: { maxDecodeDepth?: number; matchTimeoutMs?: number }): DetectOptions {
  return {
    maxDecodeDepth: options.maxDecodeDepth ?? DEFAULT_DETECT_OPTIONS.maxDecodeDepth,
    timeoutMs: options.matchTimeoutMs ?? DEFAULT_DETECT_OPTIONS.timeoutMs,
  };
}

/** The thread count to use: the option, else one per core. */
export function threadsOf(options: { threads?: number }): { threads: number } {
  return { threads: options.threads ?? availableParallelism() };
}

/** A scanner for a run: worker threads with a time bound, or the calling thread when `threads` is 0. */
export function createChunkScanner(ruleSet: RuleSet, detect: DetectOptions, threads: number): ChunkScanner {
  if (threads === 0) return inlineScanner(ruleSet, detect);
  return new PlainRetryScanner(
    new WorkerPoolScanner(ruleSet, detect, threads),
    () => new WorkerPoolScanner(ruleSet, { ...detect, maxDecodeDepth: 0 }, 1),
  );
}

/**
 * Feeds every chunk of every source through the detector, many chunks in flight at once, and keeps
 * diagnostics as they come. With a Suppressor, matches the config allow-list covers and findings
 * under an inline marker go to `suppressed` (and the allow-list's usage is counted). A chunk whose
 * matching overran its time budget becomes a `rule-timeout` diagnostic.
 */
export async function runSources(sources: Source[], ruleSet: RuleSet, options: RunOptions): Promise<Collected> {
  const collected: Collected = {
    findings: [],
    suppressed: [],
    diagnostics: [],
    stats: { files: 0, bytes: 0, blobs: 0 },
  };
  const detector = options.suppressor ? { ...ruleSet, keepAllowed: true } : ruleSet;
  const scanner = options.scanner ?? createChunkScanner(detector, options.detect, options.threads ?? 0);
  const window = new InFlight(MAX_PENDING_CHUNKS, MAX_PENDING_BYTES);
  try {
    for (const source of sources) {
      for await (const item of source) {
        if (item.type === "diagnostic") {
          collected.diagnostics.push(item.diagnostic);
          continue;
        }
        const { chunk } = item;
        const bytes = chunkBytes(chunk);
        countChunk(collected, chunk, bytes);
        options.suppressor?.notePath(chunk.provenance.path);
        await window.add(
          scanner.scan(chunk).then(async (outcome) => {
            await prepareHashes(outcome);
            record(collected, chunk, outcome, options.suppressor);
          }),
          bytes,
        );
      }
    }
    await window.drain();
  } finally {
    if (!options.scanner) await scanner.close();
  }
  return collected;
}

/**
 * Runs one chunk through a shared scanner, marking suppressed findings: for callers that scan one
 * chunk at a time (history, one blob per call) and keep their own statistics and concurrency.
 */
export async function scanOneChunk(
  scanner: ChunkScanner,
  chunk: Chunk,
  suppressor: Suppressor,
): Promise<Pick<Collected, "findings" | "suppressed" | "diagnostics">> {
  const collected: Collected = {
    findings: [],
    suppressed: [],
    diagnostics: [],
    stats: { files: 0, bytes: 0, blobs: 0 },
  };
  suppressor.notePath(chunk.provenance.path);
  const outcome = await scanner.scan(chunk);
  await prepareHashes(outcome);
  record(collected, chunk, outcome, suppressor);
  return collected;
}

/** Derives the (slow) secret hashes of a chunk's matches off the main thread before its findings are built. */
function prepareHashes(outcome: ChunkOutcome): Promise<void> {
  return prepareSecretHashes((outcome.findings ?? []).map((raw) => raw.secret));
}

function countChunk(collected: Collected, chunk: Chunk, bytes: number): void {
  collected.stats.files += 1;
  collected.stats.bytes += bytes;
  if (chunk.provenance.type === "git-blob") collected.stats.blobs += 1;
}

function record(collected: Collected, chunk: Chunk, outcome: ChunkOutcome, suppressor: Suppressor | undefined): void {
  if (!outcome.ok)
    collected.diagnostics.push({
      path: chunk.provenance.path,
      reason: outcome.reason,
      level: "warning",
      message: outcome.message,
    });
  if (!outcome.findings) return;
  const lineAt = chunkLines(chunk);
  const byLine = matchesByLine(outcome.findings);
  for (const raw of outcome.findings) {
    const finding = buildFinding(raw, chunk.provenance, byLine.get(raw.startLine));
    const marked = suppressor ? suppressor.mark(finding, raw.allowedBy, lineAt) : finding;
    (marked.suppressed ? collected.suppressed : collected.findings).push(marked);
  }
}

/** A lazy lookup of a chunk's lines by 1-based file line number; the text is split only when asked. */
function chunkLines(chunk: Chunk): (line: number) => string | undefined {
  let lines: string[] | undefined;
  return (line) => {
    lines ??= chunk.text.split(/\r\n|\r|\n/);
    return lines[line - chunk.startLine];
  };
}
