import type { ChunkOutcome, ChunkScanner } from "../detect/chunkScanner.js";
import type { RawFinding } from "../detect/scanChunk.js";
import {
  blockSpan,
  carriedFindings,
  deltaWindow,
  pieceWindows,
  straddlesWindow,
  type DeltaWindow,
} from "../findings/deltaWindow.js";
import type { ChunkItem } from "../sources/types.js";
import type { Chunk } from "../text/chunk.js";
import { decodeUtf8 } from "../text/decode.js";
import { lineEnd, lineStart, lineTable, type DeltaPlan, type LineTable } from "../text/lineDelta.js";

/**
 * History blobs read whole at this size or more are read in pieces of `PIECE_BYTES`, as is a
 * delta window that large. A detector thread decodes what it matches into one string, and a string
 * of 128 KiB or more is a large object (its own memory, mapped and unmapped each time): on
 * prettier's history, decoding the 2,100 chunks over that size took 95% of the decoding time
 * for 67% of the bytes (about 18 ns per byte against 1.5 below it), with as much again in
 * system time. Pieces of 48 KiB stay under it even as two-byte text.
 */
const MIN_PIECED_BYTES = 192 * 1024;
const PIECE_BYTES = 48 * 1024;

/** Lines with matches this close are scanned as one window (their contexts overlap). */
const NEARBY_LINES = 16;

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

  /**
   * `knownLines` tells, for an item an earlier run scanned whole under the same rules, the lines its
   * matches start on (see `HistoryCache.linesOf`): only those are scanned again.
   */
  constructor(
    private readonly scanner: ChunkScanner,
    private readonly knownLines?: (item: ChunkItem) => readonly number[] | undefined,
  ) {}

  /** Scans one item: around the lines its matches are known to start on, whole, or as a delta of its earlier version. */
  scan(item: ChunkItem): Promise<ChunkOutcome> {
    const lines = this.knownLines?.(item);
    const outcome = lines
      ? this.scanKnownLines(item.chunk, lines)
      : item.delta
        ? this.scanDelta(item.chunk, item.delta)
        : this.scanWhole(item.chunk);
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
    if (!pending || !bytes || !window) return this.scanWhole(chunk, plan.table);
    const [base, kept] = await Promise.all([
      pending,
      this.scanLines(chunk, bytes, plan.table, window.keepFrom, window.keepTo),
    ]);
    if (!base || !kept || straddlesWindow(base, window)) return this.scanWhole(chunk, plan.table);
    return { ok: true, findings: [...carriedFindings(base, window), ...kept] };
  }

  /**
   * What a whole scan of the chunk finds, when it is known to find matches starting on `lines` only
   * (ascending): a scan of each run of nearby lines with its context, kept to those lines. A chunk
   * not held as UTF-8 bytes, or a window that could not be scanned in full, is scanned whole.
   */
  private async scanKnownLines(chunk: Chunk, lines: readonly number[]): Promise<ChunkOutcome> {
    const bytes = chunk.utf8;
    if (lines.length === 0) return { ok: true, findings: [] };
    if (!bytes) return this.scanWhole(chunk);
    const table = lineTable(bytes);
    if ((lines.at(-1) ?? 0) > table.starts.length) return this.scanWhole(chunk, table);
    const spans: Array<[number, number]> = [];
    for (const line of lines) {
      const [from, to] = blockSpan(table, bytes, line, line);
      const span = spans.at(-1);
      if (span && from - span[1] <= NEARBY_LINES) span[1] = Math.max(span[1], to);
      else spans.push([from, to]);
    }
    const scanned = await Promise.all(spans.map(([from, to]) => this.scanLines(chunk, bytes, table, from, to)));
    const findings: RawFinding[] = [];
    for (const kept of scanned) {
      if (!kept) return this.scanWhole(chunk, table);
      findings.push(...kept);
    }
    return { ok: true, findings };
  }

  /** A chunk read whole: a large history blob in pieces (see `MIN_PIECED_BYTES`), else in one go. */
  private async scanWhole(chunk: Chunk, table?: LineTable): Promise<ChunkOutcome> {
    const bytes = chunk.utf8;
    const isPieced =
      bytes !== undefined &&
      bytes.length >= MIN_PIECED_BYTES &&
      chunk.provenance.type === "git-blob" &&
      chunk.startLine === 1 &&
      chunk.onlyLines === undefined;
    if (!isPieced) return this.scanner.scan(chunk);
    const lines = table ?? lineTable(bytes);
    const findings = await this.scanLines(chunk, bytes, lines, 1, lines.starts.length);
    return findings ? { ok: true, findings } : this.scanner.scan(chunk);
  }

  /**
   * What a whole scan finds starting on lines `[keepFrom, keepTo]`, from a scan of those lines with
   * their context, in pieces when they are large; undefined when a piece could not be scanned in full.
   */
  private async scanLines(
    chunk: Chunk,
    bytes: Uint8Array,
    table: LineTable,
    keepFrom: number,
    keepTo: number,
  ): Promise<RawFinding[] | undefined> {
    const pieceBytes = lineEnd(table, keepTo) - lineStart(table, keepFrom) >= MIN_PIECED_BYTES ? PIECE_BYTES : Infinity;
    const pieces = pieceWindows(table, bytes, keepFrom, keepTo, pieceBytes);
    const scanned = await Promise.all(
      pieces.map((piece) => this.scanner.scan(windowChunk(chunk, bytes, table, piece))),
    );
    const kept: RawFinding[] = [];
    for (const [index, outcome] of scanned.entries()) {
      const piece = pieces[index] as DeltaWindow;
      if (!outcome.ok) return undefined;
      for (const raw of outcome.findings)
        if (raw.startLine >= piece.keepFrom && raw.startLine <= piece.keepTo) kept.push(raw);
    }
    return kept;
  }
}

/** The window's lines of a blob as a chunk of their own (what it finds outside the kept lines is dropped). */
function windowChunk(chunk: Chunk, bytes: Uint8Array, table: LineTable, window: DeltaWindow): Chunk {
  const utf8 = bytes.subarray(lineStart(table, window.scanFrom), lineEnd(table, window.scanTo));
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
