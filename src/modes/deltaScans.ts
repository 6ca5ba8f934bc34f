import type { ChunkOutcome, ChunkScanner } from "../detect/chunkScanner.js";
import type { RawFinding } from "../detect/scanChunk.js";
import { carriedFindings, deltaWindow, straddlesWindow, type DeltaWindow } from "../findings/deltaWindow.js";
import type { ChunkItem } from "../sources/types.js";
import type { Chunk } from "../text/chunk.js";
import { decodeUtf8 } from "../text/decode.js";
import { lineEnd, lineStart, type DeltaPlan } from "../text/lineDelta.js";

/**
 * Scans chunk items, reading a history blob that modifies an already scanned one only where it
 * differs: a window around the changed lines (with the context a rule may look at), plus the
 * earlier version's findings outside it, carried to their lines in this version. The result is
 * the whole blob's findings, as a whole scan would give them; a blob whose earlier version could
 * not be scanned in full, or whose change covers most of it, is scanned whole.
 */
export class DeltaScans {
  /** Findings (in their own blob's lines) of blobs that later delta scans build on; undefined when incomplete. */
  private readonly results = new Map<string, Promise<RawFinding[] | undefined>>();

  constructor(private readonly scanner: ChunkScanner) {}

  /** Scans one item: whole, or as a delta of its earlier version. */
  scan(item: ChunkItem): Promise<ChunkOutcome> {
    const outcome = item.delta ? this.scanDelta(item.chunk, item.delta) : this.scanner.scan(item.chunk);
    if (item.deltaBaseId !== undefined)
      this.results.set(
        item.deltaBaseId,
        outcome.then(
          (done) => (done.ok ? done.findings : undefined),
          () => undefined,
        ),
      );
    return outcome;
  }

  /**
   * The window is scanned at once, while the earlier version may still be in a detector's queue:
   * waiting for it first would scan a file's versions one round trip after another.
   */
  private async scanDelta(chunk: Chunk, plan: DeltaPlan): Promise<ChunkOutcome> {
    const pending = this.results.get(plan.baseBlobId);
    if (plan.isLastUse) this.results.delete(plan.baseBlobId);
    const bytes = chunk.utf8;
    const window = pending && bytes ? deltaWindow(plan, bytes) : undefined;
    if (!pending || !bytes || !window) return this.scanner.scan(chunk);
    const [base, scanned] = await Promise.all([pending, this.scanner.scan(windowChunk(chunk, bytes, plan, window))]);
    if (!base || !scanned.ok || straddlesWindow(base, window)) return this.scanner.scan(chunk);
    const kept = scanned.findings.filter((raw) => raw.startLine >= window.keepFrom && raw.startLine <= window.keepTo);
    return { ok: true, findings: [...carriedFindings(base, window), ...kept] };
  }
}

/** The window's lines of a blob as a chunk of their own (what it finds outside the kept lines is dropped). */
function windowChunk(chunk: Chunk, bytes: Uint8Array, plan: DeltaPlan, window: DeltaWindow): Chunk {
  const utf8 = bytes.subarray(lineStart(plan.table, window.scanFrom), lineEnd(plan.table, window.scanTo));
  let text: string | undefined;
  return {
    get text() {
      return (text ??= decodeUtf8(utf8));
    },
    utf8,
    provenance: chunk.provenance,
    startLine: window.scanFrom,
  };
}
