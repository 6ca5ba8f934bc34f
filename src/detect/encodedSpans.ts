import { base64Runs, base64RunsFrom } from "./base64Runs.js";
import { charTable } from "./charTables.js";
import { backslashEscapeLength, escapedRuns, percentEscapeLength, type RunSyntax } from "./escapedRuns.js";
import { BASE64_RUN_BYTES } from "./wasmRuns.js";

/** A run of encoded text found in a chunk, and what it decodes to. Offsets index the scanned text. */
export interface EncodedSpan {
  start: number;
  end: number;
  encoding: "base64" | "hex" | "percent" | "escape";
  decoded: string;
}

/** Shortest base64 run decoded: 16 characters carry 12 bytes, the shortest secret worth finding. */
const MIN_BASE64_RUN = BASE64_RUN_BYTES;
/** Characters a percent-encoded run may hold besides `%XX`, and an escaped run besides `\\uXXXX`/`\\xXX`. */
const URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~!$&'()*+,;=:@/?-";
const ESCAPED_RUN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=.:-";
const PERCENT: RunSyntax = { introducer: "%", plain: charTable(URL_CHARS), escapeLength: percentEscapeLength };
const ESCAPE: RunSyntax = {
  introducer: "\\",
  plain: charTable(ESCAPED_RUN_CHARS),
  escapeLength: backslashEscapeLength,
};

/**
 * Fewest percent-encoded bytes that make a run worth decoding: two, so `token%3D` followed by a
 * token with one encoded character is read (one escape alone is every other URL).
 */
const MIN_PERCENT_ESCAPES = 2;
/** Fewest `\uXXXX`/`\xXX` escapes that make a run worth decoding. */
const MIN_BACKSLASH_ESCAPES = 3;

/** Longest encoded run decoded, in characters; longer runs (embedded images, fonts) are left alone. */
const MAX_ENCODED_RUN = 64 * 1024;

/**
 * Every run of base64 (standard or URL-safe), hex, percent-encoding or `\uXXXX`/`\xXX` escapes in
 * `text` that decodes to printable text. Binary payloads (images, hashes, compressed data) decode to
 * non-printable bytes and are dropped, which is what keeps lock-file hashes and data URLs quiet.
 * `base64Starts`, when known, says where base64 runs are (see `base64RunStarts`).
 */
export function findEncodedSpans(text: string, base64Starts?: ArrayLike<number>): EncodedSpan[] {
  const spans: EncodedSpan[] = [];
  const runs = base64Starts
    ? base64RunsFrom(text, base64Starts, MAX_ENCODED_RUN)
    : base64Runs(text, MIN_BASE64_RUN, MAX_ENCODED_RUN);
  for (const run of runs) {
    const encoded = text.slice(run.start, run.end);
    const decoded = run.isHex ? decodeHex(encoded) : decodeBase64(encoded);
    const encoding = run.isHex ? "hex" : "base64";
    if (decoded !== undefined && isPrintable(decoded))
      spans.push({ start: run.start, end: run.end, encoding, decoded });
  }
  collect(text, PERCENT, "percent", decodePercent, MIN_PERCENT_ESCAPES, spans);
  collect(text, ESCAPE, "escape", decodeEscapes, MIN_BACKSLASH_ESCAPES, spans);
  return spans.sort((a, b) => a.start - b.start);
}

function collect(
  text: string,
  syntax: RunSyntax,
  encoding: EncodedSpan["encoding"],
  decode: (run: string) => string | undefined,
  minEscapes: number,
  spans: EncodedSpan[],
): void {
  for (const [start, end] of escapedRuns(text, syntax, minEscapes)) {
    if (end - start > MAX_ENCODED_RUN || end - start < 8) continue;
    const run = text.slice(start, end);
    const decoded = decode(run);
    if (decoded !== undefined && decoded !== run && isPrintable(decoded)) spans.push({ start, end, encoding, decoded });
  }
}

function decodeBase64(run: string): string | undefined {
  const body = run.replace(/=+$/, "");
  if (body.length % 4 === 1) return undefined;
  if (!/[0-9]/.test(body) && !/[A-Z]/.test(body)) return undefined;
  return Buffer.from(body.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
}

function decodeHex(run: string): string {
  return Buffer.from(run, "hex").toString("latin1");
}

function decodePercent(run: string): string | undefined {
  try {
    return decodeURIComponent(run);
  } catch {
    return undefined;
  }
}

function decodeEscapes(run: string): string {
  return run.replace(/\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})/g, (_, u: string | undefined, x: string | undefined) =>
    String.fromCharCode(parseInt((u ?? x) as string, 16)),
  );
}

/** True when at least 95% of the characters are printable ASCII or common whitespace, and it is not tiny. */
function isPrintable(text: string): boolean {
  if (text.length < 8) return false;
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || code === 9 || code === 10 || code === 13) printable++;
  }
  return printable / text.length >= 0.95;
}
