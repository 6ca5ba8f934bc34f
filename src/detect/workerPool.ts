import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../util/packageFiles.js";
import type { Chunk } from "../text/chunk.js";
import type { ChunkOutcome, ChunkScanner } from "./chunkScanner.js";
import type { RuleSet } from "./ruleSet.js";
import type { DetectOptions, RawFinding } from "./scanChunk.js";
import { chunkBytes } from "../text/byteChunk.js";
import { toWireBatch, type WireResult, type WorkerInit } from "./wire.js";

/** Small files travel to a thread together, up to this many bytes or chunks per batch. */
const BATCH_BYTES = 512 * 1024;
const BATCH_CHUNKS = 64;
/** Batches a thread holds at once: the next one is already there when it finishes the current one. */
const BATCHES_PER_THREAD = 2;

interface Pending {
  id: number;
  chunk: Chunk;
  /** Content size in bytes: what batching and the time budget go by. */
  size: number;
  resolve: (outcome: ChunkOutcome) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Pending[];
  /** Batches sent and not yet finished. */
  batches: number;
  /** Shared with the thread: `[0]` is the id of the chunk it is matching (see `WorkerInit.progress`). */
  progress: Int32Array;
  /** The chunk the timer is running for. */
  watched?: number;
  timer?: NodeJS.Timeout;
}

/**
 * Detection on worker threads: the main thread reads, threads match. A thread answers once per
 * batch and says which chunk it is on through shared memory, which the deadline checks. Each
 * chunk must finish within `timeoutMs` plus `timeoutMs` per MiB of it, counted from when it is
 * first seen running; a thread that overruns (a pathological regex on hostile input) is
 * terminated, that chunk is reported as a `rule-timeout`, and everything else it held is retried
 * on a fresh thread. Threads start lazily, one per queued batch, up to `threads`; each holds up to
 * two batches, so it never waits for the main thread between them.
 */
export class WorkerPoolScanner implements ChunkScanner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly init: WorkerInit;
  private nextId = 0;
  private isClosed = false;

  constructor(
    private readonly ruleSet: RuleSet,
    detect: DetectOptions,
    private readonly threads: number,
  ) {
    this.init = {
      rules: ruleSet.rules.map((rule) => rule.syntax),
      allow: ruleSet.allow.syntax ?? {},
      keepAllowed: ruleSet.keepAllowed ?? false,
      detect,
    };
  }

  scan(chunk: Chunk): Promise<ChunkOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, chunk, size: chunkBytes(chunk), resolve });
      this.pump();
    });
  }

  /** Detector threads running now: they start one per queued batch, or all at once with `warm`. */
  get threadCount(): number {
    return this.slots.length;
  }

  /** Starts every thread now rather than one per queued batch; nothing once closed. */
  warm(): void {
    if (this.isClosed) return;
    while (this.slots.length < this.threads) this.spawn();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((candidate) => candidate.batches === 0) ??
        this.spawn() ??
        this.slots.find((candidate) => candidate.batches < BATCHES_PER_THREAD);
      if (!slot) return;
      const batch = this.takeBatch();
      const wasIdle = slot.inFlight.length === 0;
      slot.inFlight.push(...batch);
      slot.batches += 1;
      const wire = toWireBatch(batch);
      slot.worker.postMessage(wire, [wire.buffer]);
      if (wasIdle) this.arm(slot);
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && batch.length < BATCH_CHUNKS && (batch.length === 0 || bytes < BATCH_BYTES)) {
      const next = this.queue.shift() as Pending;
      bytes += next.size;
      batch.push(next);
    }
    return batch;
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.threads) return undefined;
    const progress = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
    const slot: Slot = {
      worker: new Worker(workerScript(), { workerData: { ...this.init, progress } }),
      inFlight: [],
      batches: 0,
      progress,
    };
    slot.worker.on("message", (results: WireResult[]) => this.settle(slot, results));
    slot.worker.on("error", (error) => this.fail(slot, error));
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Starts the deadline for the chunk the thread is on (`id`), else for the first one it holds. */
  private arm(slot: Slot, id?: number): void {
    clearTimeout(slot.timer);
    const current = slot.inFlight.find((pending) => pending.id === id) ?? slot.inFlight[0];
    if (!current) return;
    slot.watched = current.id;
    const budget = this.init.detect.timeoutMs * (1 + current.size / (1024 * 1024));
    slot.timer = setTimeout(() => this.check(slot), budget);
  }

  /** At a deadline: the thread still on the same chunk has overrun; otherwise time the chunk it is on now. */
  private check(slot: Slot): void {
    const running = Atomics.load(slot.progress, 0);
    if (running === slot.watched) this.timeOut(slot, running);
    else this.arm(slot, running);
  }

  private settle(slot: Slot, results: WireResult[]): void {
    for (const result of results) {
      const index = slot.inFlight.findIndex((pending) => pending.id === result.id);
      const [pending] = slot.inFlight.splice(index, 1);
      pending?.resolve({
        ok: true,
        findings: result.findings.map(
          ({ ruleIndex, ...rest }) => ({ ...rest, rule: this.ruleSet.rules[ruleIndex] }) as RawFinding,
        ),
      });
    }
    slot.batches -= 1;
    this.arm(slot, Atomics.load(slot.progress, 0));
    this.pump();
  }

  private timeOut(slot: Slot, culpritId: number): void {
    const culprit = slot.inFlight.find((pending) => pending.id === culpritId);
    const rest = slot.inFlight.filter((pending) => pending !== culprit);
    this.replace(slot);
    const seconds = Math.round(this.init.detect.timeoutMs / 100) / 10;
    culprit?.resolve({
      ok: false,
      reason: "rule-timeout",
      message: `matching took longer than the time limit (${seconds} s + ${seconds} s per MiB); not fully scanned`,
    });
    this.queue.unshift(...rest);
    this.pump();
  }

  private fail(slot: Slot, error: Error): void {
    const lost = slot.inFlight;
    this.replace(slot);
    for (const pending of lost)
      pending.resolve({
        ok: false,
        reason: "rule-timeout",
        message: `detector thread failed (${error.message}); not scanned`,
      });
    this.pump();
  }

  private replace(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.inFlight = [];
    slot.batches = 0;
    void slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
  }
}

/**
 * The compiled worker script, dist/detect/detectWorker.js, whether this module runs from dist/,
 * from the CLI's bundle (dist/bundle/, see scripts/bundle-cli.mjs) or from TypeScript sources (tests).
 */
function workerScript(): string {
  return join(PACKAGE_ROOT, "dist", "detect", "detectWorker.js");
}
