import { availableParallelism } from "node:os";
import { inlineScanner, type ChunkOutcome, type ChunkScanner } from "../detect/chunkScanner.js";
import type { RuleSet } from "../detect/ruleSet.js";
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from "../detect/scanChunk.js";
import { FindingsPipeline } from "../findings/pipeline.js";
import { prepareSecretHashes } from "../findings/secretHash.js";
import type { Suppressor } from "../findings/suppressor.js";
import type { Finding } from "../findings/types.js";
import { InFlight } from "../util/inFlight.js";
import { DeltaScans } from "./deltaScans.js";
import { chunkBytes } from "../text/byteChunk.js";
import type { ChunkItem, Diagnostic, Source } from "../sources/types.js";
import type { Chunk, Provenance } from "../text/chunk.js";

/** What running sources through the detector and the findings pipeline collects. */
export interface Collected {
  /** Findings deduplicated, paired and placed; suppression files not yet applied. */
  findings: Finding[];
  /** Findings a Suppressor marked while scanning (config allow-list, inline markers); empty without one. */
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  stats: { files: number; bytes: number; blobs: number };
  /** The distinct paths `stats.files` counts: a history shard reports them so a merge can count their union. */
  paths: ReadonlySet<string>;
}

/** How to run sources: detector options, optional suppression marking, and the threads to use. */
export interface RunOptions {
  detect: DetectOptions;
  suppressor?: Suppressor | undefined;
  /** Detector threads (0: the calling thread). Ignored when `scanner` is given. */
  threads?: number;
  /** A scanner the caller made (history starts its threads early) and closes. */
  scanner?: ChunkScanner;
  /** Hears each chunk's outcome as it comes (the history cache notes which blobs had matches, and where). */
  onScanned?: (item: ChunkItem, outcome: ChunkOutcome) => void;
  /** For a chunk an earlier run scanned whole, the lines its matches start on (see `DeltaScans`); only those are scanned. */
  knownLines?: (item: ChunkItem) => readonly number[] | undefined;
}

/** Options every scan mode takes to tune detection. */
export interface DetectionOptions {
  /** Nested encodings (base64, hex, percent, escapes) decoded and scanned; 0 turns decoding off. Default 2. */
  maxDecodeDepth?: number;
  /** Detector threads; 0 runs detection on the calling thread without a time bound. Default: one per core (history: `historyThreadsOf`). */
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

/**
 * The thread count for a history audit: the option, else one per core but one (at least one).
 * There the calling thread (reading `git log` and `cat-file`, planning delta scans, fanning out
 * findings) and git keep a core busy between them, and matching is only about a quarter of the
 * CPU time: on 2 CPUs a second detector thread added its own start-up, compiling and collecting
 * and made the audit slower, not faster (docs/design.md).
 */
export function historyThreadsOf(options: { threads?: number }): number {
  return options.threads ?? Math.max(1, availableParallelism() - 1);
}

/**
 * A scanner for a run: worker threads with a time bound, or the calling thread when `threads` is 0
 * (regex anchors built once enough content came, see `inlineScanner`).
 * The thread pool's modules (and Node's worker_threads) load only when threads are wanted: a
 * pre-commit run matches on its own thread.
 */
export async function createChunkScanner(
  ruleSet: RuleSet,
  detect: DetectOptions,
  threads: number,
): Promise<ChunkScanner> {
  if (threads === 0) return inlineScanner(ruleSet, detect);
  const [{ PlainRetryScanner }, { WorkerPoolScanner }] = await Promise.all([
    import("../detect/plainRetry.js"),
    import("../detect/workerPool.js"),
  ]);
  return new PlainRetryScanner(
    new WorkerPoolScanner(ruleSet, detect, threads),
    () => new WorkerPoolScanner(ruleSet, { ...detect, maxDecodeDepth: 0 }, 1),
  );
}

/**
 * The one loop every mode runs: feeds every chunk of every source through the detector, many
 * chunks in flight at once, and each chunk's matches through the findings pipeline; diagnostics
 * are kept as they come. With a Suppressor, matches the config allow-list covers and findings
 * under an inline marker go to `suppressed` (and the allow-list's usage is counted). A chunk whose
 * matching overran its time budget becomes a `rule-timeout` diagnostic.
 */
export async function runSources(sources: Source[], ruleSet: RuleSet, options: RunOptions): Promise<Collected> {
  const diagnostics: Diagnostic[] = [];
  const pipeline = new FindingsPipeline(ruleSet.rules, options.suppressor);
  const stats = new ScanCounts();
  const detector = options.suppressor ? { ...ruleSet, keepAllowed: true } : ruleSet;
  const scanner = options.scanner ?? (await createChunkScanner(detector, options.detect, options.threads ?? 0));
  const window = new InFlight(MAX_PENDING_CHUNKS, MAX_PENDING_BYTES);
  const scans = new DeltaScans(scanner, options.knownLines);
  try {
    for (const source of sources) {
      for await (const item of source) {
        if (item.type === "diagnostic") {
          diagnostics.push(item.diagnostic);
          continue;
        }
        if (item.type === "known-clean") {
          stats.count(item.provenance, item, item.bytes);
          options.suppressor?.notePath(item.provenance.path);
          continue;
        }
        const { chunk } = item;
        const bytes = chunkBytes(chunk);
        stats.count(chunk.provenance, item, bytes);
        options.suppressor?.notePath(chunk.provenance.path);
        const scanned = scans.scan(item).then(async (outcome) => {
          await prepareHashes(outcome);
          options.onScanned?.(item, outcome);
          if (!outcome.ok) diagnostics.push(timeoutDiagnostic(chunk, outcome));
          if (outcome.findings) pipeline.addChunk(chunk, outcome.findings, item.placements);
        });
        await window.add(scanned, bytes);
      }
    }
    await window.drain();
  } finally {
    if (!options.scanner) await scanner.close();
  }
  return {
    findings: pipeline.findings,
    suppressed: pipeline.suppressed,
    diagnostics,
    stats: stats.result(),
    paths: stats.paths,
  };
}

function timeoutDiagnostic(chunk: Chunk, outcome: ChunkOutcome & { ok: false }): Diagnostic {
  return { path: chunk.provenance.path, reason: outcome.reason, level: "warning", message: outcome.message };
}

/** Derives the (slow) secret hashes of a chunk's matches off the main thread before its findings are built. */
function prepareHashes(outcome: ChunkOutcome): Promise<void> {
  return prepareSecretHashes(
    (outcome.findings ?? []).map((raw) => ({ secret: raw.secret, kind: raw.rule.syntax.kind })),
  );
}

/**
 * What a run read: files (distinct paths; for history every path a blob was committed at),
 * bytes and blobs, each blob's content counted once however many times it is read.
 */
class ScanCounts {
  readonly paths = new Set<string>();
  private bytes = 0;
  private blobs = 0;

  count(provenance: Provenance, item: Pick<ChunkItem, "placements" | "isRescan">, bytes: number): void {
    if (item.placements) for (const placement of item.placements) this.paths.add(placement.path);
    else if (!(provenance.type === "git-blob" && provenance.isUnreachable)) this.paths.add(provenance.path);
    if (item.isRescan) return;
    this.bytes += bytes;
    if (provenance.type === "git-blob") this.blobs += 1;
  }

  result(): Collected["stats"] {
    return { files: this.paths.size, bytes: this.bytes, blobs: this.blobs };
  }
}
