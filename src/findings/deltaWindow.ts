import type { RawFinding } from "../detect/scanChunk.js";
import { byteView, lineEnd, lineOf, lineStart, type DeltaPlan, type LineTable } from "../text/lineDelta.js";

/**
 * Which lines of a blob a delta scan reads and keeps (1-based, inclusive), and how the lines after
 * the window moved from the earlier version (`shift`). Findings starting in `[keepFrom, keepTo]`
 * come from the scan; the earlier version's findings wholly before `keepFrom` or wholly after the
 * window (shifted) are carried over; the margin `[scanFrom, keepFrom)` and `(keepTo, scanTo]` only
 * gives matches near the window the context a whole-blob scan would see.
 */
export interface DeltaWindow {
  scanFrom: number;
  scanTo: number;
  keepFrom: number;
  keepTo: number;
  shift: number;
}

/**
 * How far a match's reach (its pattern and lookarounds) may extend across lines: the window keeps
 * at least this many lines and bytes each side of the change, and scans as much again beyond.
 * Line-structured rules look at most 7 lines around a secret; character windows that cross lines
 * reach at most 600 characters, except the few in `FAR_MARKERS`.
 */
const CONTEXT_LINES = 8;
const CONTEXT_BYTES = 640;
/**
 * Markers a rule looks back for across more than `CONTEXT_BYTES` (a Docker config's `"auths"`
 * object, up to 4,096 characters): when one is that close above the window, the scan starts at it.
 */
const FAR_MARKERS: ReadonlyArray<{ marker: Buffer; reach: number }> = [{ marker: Buffer.from('"auths"'), reach: 4096 }];
/** How far to look for the start or end of a multi-line block (a PEM key) the change sits inside. */
const BLOCK_SEARCH_LINES = 400;
/** Above this share of the blob, scanning the window saves too little to be worth it. */
const MAX_WINDOW_SHARE = 0.6;

/** Multi-line blocks a change inside must rescan whole: PEM armour and PuTTY key files. */
const BLOCKS: ReadonlyArray<{ begin: Buffer; end: Buffer }> = [
  { begin: Buffer.from("-----BEGIN"), end: Buffer.from("-----END") },
  { begin: Buffer.from("PuTTY-User-Key-File"), end: Buffer.from("Private-MAC") },
];

/**
 * The window for a blob, or undefined when a whole scan is as cheap (the change covers most of
 * the blob). It grows to hold whole every multi-line block (a PEM key) the change sits inside.
 */
export function deltaWindow(plan: DeltaPlan, bytes: Uint8Array): DeltaWindow | undefined {
  const { table } = plan;
  const lines = table.starts.length;
  const firstChanged = plan.prefix + 1;
  const lastChanged = Math.max(firstChanged - 1, lines - plan.suffix);
  const keepFrom = blockStartAbove(table, bytes, linesBack(table, firstChanged, CONTEXT_LINES, CONTEXT_BYTES));
  const keepTo = blockEndBelow(table, bytes, linesForward(table, lastChanged, CONTEXT_LINES, CONTEXT_BYTES));
  const scanFrom = farMarkerAbove(table, bytes, keepFrom, linesBack(table, keepFrom, CONTEXT_LINES, CONTEXT_BYTES));
  const scanTo = linesForward(table, keepTo, CONTEXT_LINES, CONTEXT_BYTES);
  const scannedBytes = lineEnd(table, scanTo) - lineStart(table, scanFrom);
  if (scannedBytes > MAX_WINDOW_SHARE * table.bytes) return undefined;
  return { scanFrom, scanTo, keepFrom, keepTo, shift: lines - plan.baseLines };
}

/**
 * Scans of lines `[keepFrom, keepTo]` in pieces of about `pieceBytes` each: per piece the lines
 * it keeps (together, exactly `[keepFrom, keepTo]`, each once) and the lines it reads, with the
 * context a delta window reads around its change. A piece never ends inside a multi-line block
 * (a PEM key). What a whole scan of those lines finds, the pieces find, each finding once: in the
 * piece that keeps its first line.
 */
export function pieceWindows(
  table: LineTable,
  bytes: Uint8Array,
  keepFrom: number,
  keepTo: number,
  pieceBytes: number,
): DeltaWindow[] {
  const pieces: DeltaWindow[] = [];
  for (let from = keepFrom; from <= keepTo; ) {
    const end = Math.min(table.bytes, lineStart(table, from) + pieceBytes);
    const to = Math.min(keepTo, blockEndBelow(table, bytes, Math.max(from, lineOf(table, end - 1))));
    const scanFrom = farMarkerAbove(table, bytes, from, linesBack(table, from, CONTEXT_LINES, CONTEXT_BYTES));
    const scanTo = linesForward(table, to, CONTEXT_LINES, CONTEXT_BYTES);
    pieces.push({ scanFrom, scanTo, keepFrom: from, keepTo: to, shift: 0 });
    from = to + 1;
  }
  return pieces;
}

/**
 * Lines `[from, to]` grown to hold whole every multi-line block (a PEM key) they reach into, as
 * `deltaWindow` grows a change: a scan that keeps them (`pieceWindows`) finds what a whole scan
 * finds starting on them, a match that starts inside a block included.
 */
export function blockSpan(table: LineTable, bytes: Uint8Array, from: number, to: number): [number, number] {
  return [blockStartAbove(table, bytes, from), blockEndBelow(table, bytes, to)];
}

/**
 * True when one of the earlier version's findings straddles an edge of the kept window: it can
 * neither be carried whole nor be found again by the window's scan, so the blob is scanned whole.
 */
export function straddlesWindow(baseFindings: readonly RawFinding[], window: DeltaWindow): boolean {
  const baseKeepTo = window.keepTo - window.shift;
  return baseFindings.some(
    (finding) =>
      (finding.startLine < window.keepFrom && finding.endLine >= window.keepFrom) ||
      (finding.startLine <= baseKeepTo && finding.endLine > baseKeepTo),
  );
}

/**
 * The earlier version's findings that lie wholly outside the kept window, at their lines in this
 * version: lines before the window are the same lines; lines after it moved by `shift`.
 */
export function carriedFindings(baseFindings: readonly RawFinding[], window: DeltaWindow): RawFinding[] {
  const carried: RawFinding[] = [];
  for (const finding of baseFindings) {
    if (finding.endLine < window.keepFrom) carried.push(finding);
    else if (finding.startLine > window.keepTo - window.shift)
      carried.push({
        ...finding,
        startLine: finding.startLine + window.shift,
        endLine: finding.endLine + window.shift,
      });
  }
  return carried;
}

/** The line at least `count` lines and `minBytes` bytes above `line` (or line 1). */
function linesBack(table: LineTable, line: number, count: number, minBytes: number): number {
  let from = Math.max(1, line - count);
  const end = lineStart(table, Math.min(line, table.starts.length));
  while (from > 1 && end - lineStart(table, from) < minBytes) from--;
  return from;
}

/** The line at least `count` lines and `minBytes` bytes below `line` (or the last line). */
function linesForward(table: LineTable, line: number, count: number, minBytes: number): number {
  const last = table.starts.length;
  let to = Math.min(last, Math.max(1, line) + count);
  const start = lineEnd(table, Math.max(1, Math.min(line, last)));
  while (to < last && lineEnd(table, to) - start < minBytes) to++;
  return to;
}

/** `scanFrom`, or the line of a far-reaching marker within its reach above `keepFrom`. */
function farMarkerAbove(table: LineTable, bytes: Uint8Array, keepFrom: number, scanFrom: number): number {
  const end = lineStart(table, keepFrom);
  let from = scanFrom;
  for (const { marker, reach } of FAR_MARKERS) {
    const start = Math.max(0, end - reach);
    const at = byteView(bytes, start, end).lastIndexOf(marker);
    if (at >= 0) from = Math.min(from, lineOf(table, start + at));
  }
  return from;
}

/** `line`, or the first line of a block that is open above it (a begin marker with no end after it). */
function blockStartAbove(table: LineTable, bytes: Uint8Array, line: number): number {
  const from = Math.max(1, line - BLOCK_SEARCH_LINES);
  const above = byteView(bytes, lineStart(table, from), lineStart(table, line));
  let start = line;
  for (const { begin, end } of BLOCKS) {
    const opened = above.lastIndexOf(begin);
    if (opened < 0) continue;
    const closed = above.lastIndexOf(end);
    if (opened > closed) start = Math.min(start, lineOf(table, lineStart(table, from) + opened));
  }
  return start;
}

/** `line`, or the last line of a block that is still open below it (an end marker before any begin marker). */
function blockEndBelow(table: LineTable, bytes: Uint8Array, line: number): number {
  const last = table.starts.length;
  if (line >= last) return line;
  const to = Math.min(last, line + BLOCK_SEARCH_LINES);
  const below = byteView(bytes, lineEnd(table, line), lineEnd(table, to));
  let end = line;
  for (const block of BLOCKS) {
    const closed = below.indexOf(block.end);
    if (closed < 0) continue;
    const opened = below.subarray(0, closed).indexOf(block.begin);
    if (opened < 0) end = Math.max(end, lineOf(table, lineEnd(table, line) + closed));
  }
  return end;
}
