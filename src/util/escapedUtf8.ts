import { isUtf8 } from "node:buffer";

/**
 * Decodes UTF-8 (file names, git's listings) keeping every byte visible: each byte that is not part
 * of a well-formed sequence becomes the four characters `\xNN`. Replacing it with U+FFFD, as a
 * plain decoder does, would make two different non-UTF-8 names look alike and hide what they are.
 * Well-formed input (nearly all of it) is decoded natively; only text holding U+FFFD is re-read.
 */
export function decodeUtf8Escaped(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
  if (!text.includes("\uFFFD")) return text;
  const parts: string[] = [];
  let start = 0;
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    parts.push(Buffer.from(bytes.subarray(start, at)).toString("utf8"), `\\x${hexByte(bytes[at] as number)}`);
    at += 1;
    start = at;
  }
  parts.push(Buffer.from(bytes.subarray(start)).toString("utf8"));
  return parts.join("");
}

/** True when `bytes` are well-formed UTF-8, so the decoded text spells them exactly. */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

/**
 * Unicode's table 3-7, well-formed UTF-8: for each range of lead bytes, the sequence length and
 * the range its second byte must fall in (later bytes are always 80..BF).
 */
const WELL_FORMED: ReadonlyArray<
  readonly [lowLead: number, highLead: number, length: number, low: number, high: number]
> = [
  [0xc2, 0xdf, 2, 0x80, 0xbf],
  [0xe0, 0xe0, 3, 0xa0, 0xbf],
  [0xe1, 0xec, 3, 0x80, 0xbf],
  [0xed, 0xed, 3, 0x80, 0x9f],
  [0xee, 0xef, 3, 0x80, 0xbf],
  [0xf0, 0xf0, 4, 0x90, 0xbf],
  [0xf1, 0xf3, 4, 0x80, 0xbf],
  [0xf4, 0xf4, 4, 0x80, 0x8f],
];

/**
 * The length of the well-formed UTF-8 sequence starting at `at`, or 0 when there is none
 * (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  if (lead < 0x80) return 1;
  const [, , length, low, high] = WELL_FORMED.find(([lowLead, highLead]) => lead >= lowLead && lead <= highLead) ?? [
    0, 0, 0, 0, 0,
  ];
  if (length === 0 || at + length > bytes.length) return 0;
  const second = bytes[at + 1] as number;
  if (second < low || second > high) return 0;
  for (let next = at + 2; next < at + length; next++) {
    const byte = bytes[next] as number;
    if (byte < 0x80 || byte > 0xbf) return 0;
  }
  return length;
}
