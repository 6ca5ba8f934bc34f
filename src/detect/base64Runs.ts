/** 1 for characters of base64 (standard and URL-safe alphabets), else 0. */
const IS_BASE64 = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") IS_BASE64[char.charCodeAt(0)] = 1;

/**
 * First character of each 4-character base64 group when the group encodes printable ASCII (or tab,
 * LF, CR): the top six bits of a byte from 0x09 to 0x7E are 2, 3 or 8–31, i.e. C, D, I–Z, a–f.
 * Checking it rejects identifiers and paths without decoding them.
 */
const IS_TEXT_LEAD = new Uint8Array(128);
for (const char of "CDIJKLMNOPQRSTUVWXYZabcdef") IS_TEXT_LEAD[char.charCodeAt(0)] = 1;

const IS_HEX = new Uint8Array(128);
for (const char of "0123456789abcdefABCDEF") IS_HEX[char.charCodeAt(0)] = 1;

/** A candidate run: `[start, end)` offsets and whether it is all hex (decode as hex, not base64). */
export interface Base64Run {
  start: number;
  end: number;
  isHex: boolean;
}

/**
 * Runs of at least `minLength` base64 characters (plus up to two `=`), bounded by non-base64
 * characters, that could decode to text: all-hex runs of an even length of 32 or more, or base64
 * runs whose group-leading characters fit printable ASCII. One pass, no regex, no allocation per
 * rejected run: it runs over every byte scanned.
 */
export function base64Runs(text: string, minLength: number, maxLength: number): Base64Run[] {
  const runs: Base64Run[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const start = i;
    while (i < length && isBase64Code(text.charCodeAt(i))) i++;
    if (i === start) {
      i++;
      continue;
    }
    const bodyEnd = i;
    while (i < length && i - bodyEnd < 2 && text.charCodeAt(i) === 61) i++;
    if (i < length && text.charCodeAt(i) === 61) {
      while (i < length && text.charCodeAt(i) === 61) i++;
      continue;
    }
    if (bodyEnd - start < minLength || i - start > maxLength) continue;
    const run = classify(text, start, bodyEnd, i);
    if (run) runs.push(run);
  }
  return runs;
}

function isBase64Code(code: number): boolean {
  return code < 128 && IS_BASE64[code] === 1;
}

/** Checks a long enough run (most runs are short words and never get here): hex, or text-like base64. */
function classify(text: string, start: number, bodyEnd: number, end: number): Base64Run | undefined {
  let isHex = true;
  let isTextLike = true;
  for (let i = start; i < bodyEnd && (isHex || isTextLike); i++) {
    const code = text.charCodeAt(i);
    if (isHex && IS_HEX[code] === 0) isHex = false;
    if (isTextLike && (i - start) % 4 === 0 && IS_TEXT_LEAD[code] === 0) isTextLike = false;
  }
  const size = bodyEnd - start;
  const hexRun = isHex && size >= 32 && size % 2 === 0;
  return hexRun || isTextLike ? { start, end, isHex: hexRun } : undefined;
}
