import { isAscii, isUtf8 } from "node:buffer";
import { hasUtf8Bom } from "../text/decode.js";

/** Maps ascending byte offsets, in place, to offsets into the text the bytes decode to. */
export type TextOffsets = (ascending: Int32Array) => Int32Array;

/**
 * How offsets into a chunk's bytes become offsets into its text: unchanged for ASCII; mapped for
 * valid UTF-8 without a BOM (the decoder drops one); undefined for anything else (lossy text),
 * where byte offsets say nothing of the text.
 */
export function textOffsets(utf8: Uint8Array): TextOffsets | undefined {
  if (isAscii(utf8)) return (ascending) => ascending;
  if (hasUtf8Bom(utf8) || !isUtf8(utf8)) return undefined;
  return (ascending) => utf16Offsets(utf8, ascending);
}

/**
 * Maps ascending byte offsets (in place) into valid UTF-8 `bytes` (no BOM) to offsets into the
 * text they decode to: every continuation byte before an offset takes one off (its character was
 * counted at its lead byte) and every 4-byte lead adds one (a surrogate pair is two code units).
 * Runs of ASCII between offsets, most of any source file, are passed over with one native
 * `isAscii` test.
 */
export function utf16Offsets(bytes: Uint8Array, ascending: Int32Array): Int32Array {
  let at = 0;
  let shift = 0;
  for (let k = 0; k < ascending.length; k++) {
    const offset = ascending[k] as number;
    if (offset > at && !isAscii(bytes.subarray(at, offset))) {
      for (let i = at; i < offset; i++) {
        const byte = bytes[i] as number;
        if ((byte & 0xc0) === 0x80) shift--;
        else if (byte >= 0xf0) shift++;
      }
    }
    if (offset > at) at = offset;
    ascending[k] = offset + shift;
  }
  return ascending;
}
