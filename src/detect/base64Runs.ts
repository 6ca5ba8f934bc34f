import { allOf, charTable, IS_HEX } from "./charTables.js";
import type { TextOffsets } from "./utf16Offsets.js";
import { BASE64_RUN_BYTES, Base64RunFinder } from "./wasmRuns.js";

/** 1 for base64 characters (standard and URL-safe alphabets), else 0, for every UTF-16 code unit: one lookup, no range check. */
const IS_BASE64 = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_", 65536);

/**
 * First character of each 4-character base64 group when the group encodes printable ASCII (or tab,
 * LF, CR): the top six bits of a byte from 0x09 to 0x7E are 2, 3 or 8–31, i.e. C, D, I–Z, a–f.
 * Checking it rejects identifiers and paths without decoding them.
 */
const IS_TEXT_LEAD = charTable("CDIJKLMNOPQRSTUVWXYZabcdef");

/** A candidate run: `[start, end)` offsets and whether it is all hex (decode as hex, not base64). */
export interface Base64Run {
  start: number;
  end: number;
  isHex: boolean;
}

/**
 * Runs of at least `minLength` base64 characters (plus up to two `=`), bounded by non-base64
 * characters, that could decode to text: all-hex runs of an even length of 32 or more, or base64
 * runs whose group-leading characters fit printable ASCII. It runs over every byte scanned, so it
 * strides: any run of `minLength` or more holds one of the checkpoints `minLength` apart, so only
 * checkpoints are read, and the run around a base64 checkpoint is measured in both directions.
 * This reads well under half the characters of a full pass; no regex, no allocation per rejected run.
 */
export function base64Runs(text: string, minLength: number, maxLength: number): Base64Run[] {
  const runs: Base64Run[] = [];
  const length = text.length;
  for (let i = minLength - 1; i < length; ) {
    if (IS_BASE64[text.charCodeAt(i)] === 0) {
      i += minLength;
      continue;
    }
    const start = runStart(text, i);
    const end = runEnd(text, i + 1);
    if (end - start >= minLength) endRun(text, start, end, maxLength, runs);
    i = end + minLength;
  }
  return runs;
}

/**
 * The runs `base64Runs(text, BASE64_RUN_BYTES, maxLength)` finds, read only around `starts`:
 * ascending offsets into `text` where 16 base64 characters start, at least one in every run of 16
 * or more (see `base64RunStarts`). From such an offset the run goes back to its start and on from
 * 16 characters later, so text without long runs is not read at all.
 */
export function base64RunsFrom(text: string, starts: ArrayLike<number>, maxLength: number): Base64Run[] {
  const runs: Base64Run[] = [];
  let covered = 0;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k] as number;
    if (at < covered) continue;
    const end = runEnd(text, at + BASE64_RUN_BYTES);
    endRun(text, runStart(text, at), end, maxLength, runs);
    covered = end;
  }
  return runs;
}

/** Where the base64 run holding `offset` (a base64 character) starts. */
function runStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && IS_BASE64[text.charCodeAt(start - 1)] === 1) start--;
  return start;
}

/** Where the base64 run goes on to from `offset` (just past a base64 character): its end. */
function runEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && IS_BASE64[text.charCodeAt(end)] === 1) end++;
  return end;
}

/** The run search in WebAssembly, made on first use (one per thread); null where unavailable. */
let finder: Base64RunFinder | null | undefined;

/**
 * Where 16 base64 characters start in the text that `utf8` decodes to, for `base64RunsFrom`:
 * found in the bytes (one SIMD pass), then mapped by `toText` (see `textOffsets`). Undefined
 * where WebAssembly is not available.
 */
export function base64RunStarts(utf8: Uint8Array, toText: TextOffsets): Int32Array | undefined {
  finder ??= Base64RunFinder.create() ?? null;
  return finder ? toText(finder.runOffsets(utf8)) : undefined;
}

/** Takes up to two `=` of padding after a run's body; a run followed by three or more is not base64. */
function endRun(text: string, start: number, bodyEnd: number, maxLength: number, runs: Base64Run[]): void {
  let end = bodyEnd;
  while (end < text.length && end - bodyEnd < 2 && text.charCodeAt(end) === 61) end++;
  if (end < text.length && text.charCodeAt(end) === 61) return;
  if (end - start > maxLength) return;
  const run = classify(text, start, bodyEnd, end);
  if (run) runs.push(run);
}

/** Checks a long enough run: hex, or text-like base64. */
function classify(text: string, start: number, bodyEnd: number, end: number): Base64Run | undefined {
  const size = bodyEnd - start;
  if (size >= 32 && size % 2 === 0 && allOf(IS_HEX, text, start, bodyEnd, 1)) return { start, end, isHex: true };
  return allOf(IS_TEXT_LEAD, text, start, bodyEnd, 4) ? { start, end, isHex: false } : undefined;
}
