/** The outcome of turning file bytes into text. */
export type Decoded =
  | { ok: true; text: string; encoding: string; isLossy: boolean }
  | { ok: false; reason: "binary" };

const SNIFF_BYTES = 8192;

/**
 * Decodes file bytes: UTF-8 (BOM stripped), UTF-16 LE/BE when a BOM says so. Bytes with a NUL in
 * the first 8 KiB and no UTF-16 BOM are binary. Invalid UTF-8 is decoded with U+FFFD replacements
 * (`isLossy`), so the valid parts are still scanned and offsets of ASCII secrets stay meaningful.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), "utf-16be");
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: "binary" };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8", isLossy: false };
  } catch {
    return { ok: true, text: new TextDecoder("utf-8").decode(body), encoding: "utf-8", isLossy: true };
  }
}

function utf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be"): Decoded {
  const text = new TextDecoder(encoding).decode(body);
  return { ok: true, text, encoding, isLossy: text.includes("\uFFFD") };
}
