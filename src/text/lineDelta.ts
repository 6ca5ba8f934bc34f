/**
 * Line tables of UTF-8 text and how two versions of one file differ at their edges: what lets a
 * history audit scan, of a blob whose earlier version at the same path was scanned, only the
 * middle that changed (with a margin) and carry the earlier version's findings elsewhere.
 */
import { NewlineFinder } from "./newlines.js";
import { lastAtMost } from "./sortedSearch.js";

/**
 * A text's lines as editors (and `LineIndex`) number them: a line ends at `\n`, `\r\n` or a lone
 * `\r`. `starts[i]` is the byte offset where line i + 1 starts; `bytes` is the text's length.
 */
export interface LineTable {
  starts: Uint32Array;
  bytes: number;
}

/** `bytes[from, to)` as a Buffer over the same memory (no copy), for native searches and compares. */
export function byteView(bytes: Uint8Array, from = 0, to = bytes.length): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
}

/** Byte offset where 1-based `line` starts. */
export function lineStart(table: LineTable, line: number): number {
  return table.starts[line - 1] as number;
}

/** Byte offset just past 1-based `line` (its terminator included). */
export function lineEnd(table: LineTable, line: number): number {
  return line < table.starts.length ? (table.starts[line] as number) : table.bytes;
}

/** The 1-based line holding byte `offset`. */
export function lineOf(table: LineTable, offset: number): number {
  return lastAtMost(table.starts, offset) + 1;
}

/** The SIMD newline search, made on first use (one per thread); null where unavailable. */
let newlines: NewlineFinder | null | undefined;

/**
 * The line table of UTF-8 bytes (line breaks are ASCII, so no character is split). Text without
 * `\r`, nearly all of it, has its newlines found 16 bytes at a time (`NewlineFinder`).
 */
export function lineTable(bytes: Uint8Array): LineTable {
  const buffer = byteView(bytes);
  const hasCarriageReturn = buffer.indexOf(13) !== -1;
  if (!hasCarriageReturn) {
    newlines ??= NewlineFinder.create() ?? null;
    if (newlines) return { starts: newlines.lineStarts(bytes), bytes: bytes.length };
  }
  const starts: number[] = [0];
  if (!hasCarriageReturn) {
    for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) starts.push(at + 1);
  } else {
    for (let i = 0; i < buffer.length; i++) {
      const byte = buffer[i] as number;
      if (byte === 10) starts.push(i + 1);
      else if (byte === 13) {
        if (buffer[i + 1] === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  return { starts: Uint32Array.from(starts), bytes: buffer.length };
}

/**
 * How many first lines and how many last lines of `next` are byte for byte those of `base`
 * (never overlapping in either). A line is shared only with its terminator.
 */
export function sharedEdges(
  base: Uint8Array,
  baseLines: number,
  next: Uint8Array,
  table: LineTable,
): { prefix: number; suffix: number } {
  const lines = table.starts.length;
  const shorter = Math.min(base.length, next.length);
  const [baseBytes, nextBytes] = [byteView(base), byteView(next)];
  const prefixBytes = commonLength(shorter, (from, to) => isEqualRange(baseBytes, from, nextBytes, from, to - from));
  const suffixBytes = commonLength(shorter - prefixBytes, (from, to) =>
    isEqualRange(baseBytes, base.length - to, nextBytes, next.length - to, to - from),
  );
  // Lines whose bytes, terminator included, all lie in the shared prefix: those ending where a
  // later line starts, at or before the prefix's end. (The last line has no terminator: it is
  // shared only when both texts end with it.) Found by binary search, not line by line: a change
  // in the middle of a large file left thousands of lines to walk per version.
  const endingInPrefix = lastAtMost(table.starts, prefixBytes);
  const isAllShared = endingInPrefix === lines - 1 && table.bytes <= prefixBytes && base.length === next.length;
  const prefix = isAllShared ? lines : endingInPrefix;
  // Lines starting just after a line break that lies in the shared suffix (at or after its start).
  const suffixStart = next.length - suffixBytes;
  const startingInSuffix = lines - 1 - lastAtMost(table.starts, suffixStart);
  const suffix = Math.max(0, Math.min(startingInSuffix, lines - prefix, baseLines - prefix));
  return { prefix, suffix };
}

/**
 * The largest n ≤ max whose first n units are equal, given `isEqualSpan(from, to)`, which compares
 * units `[from, to)` (native compares). Spans double from 256 until one differs, then that span is
 * halved down to the first difference, each compare starting where the equal part ends: about 2n
 * units compared in all. A binary search over whole prefixes compared about n log n: 0.47 s of
 * jekyll's history audit.
 */
export function commonLength(max: number, isEqualSpan: (from: number, to: number) => boolean): number {
  let equal = 0;
  for (let step = 256; equal < max; step *= 2) {
    let differs = Math.min(max, equal + step);
    if (isEqualSpan(equal, differs)) {
      equal = differs;
      continue;
    }
    // [0, equal) is equal and [0, differs) is not: halve the gap between them.
    while (differs - equal > 1) {
      const middle = (equal + differs) >>> 1;
      if (isEqualSpan(equal, middle)) equal = middle;
      else differs = middle;
    }
    return equal;
  }
  return equal;
}

/**
 * Whether `length` bytes of `a` from `aStart` equal those of `b` from `bStart`: one native compare
 * of the ranges, with no view made of either (two views a compare took jekyll's and redis's
 * planning ~40% longer).
 */
function isEqualRange(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
  return a.compare(b, bStart, bStart + length, aStart, aStart + length) === 0;
}

/**
 * What the history pass knows when it yields a blob whose earlier version it holds: the earlier
 * version's blob id and line count, this version's line table, and the lines both share at each
 * edge. The scan decides the window once the earlier version's findings are known.
 */
export interface DeltaPlan {
  baseBlobId: string;
  baseLines: number;
  table: LineTable;
  prefix: number;
  suffix: number;
  /** True for the last blob that needs the earlier version's findings: they may be let go after it. */
  isLastUse: boolean;
}
