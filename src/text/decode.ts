import { isUtf8 } from "node:buffer";

/** The outcome of turning file bytes into text. */
export type Decoded =
  | { ok: true; text: string; encoding: string; isLossy: boolean }
  | { ok: false; reason: "binary" };

/**
 * What bytes hold, found without decoding UTF-8 (the common case): binary, UTF-8 still to be
 * decoded (`body` without its BOM), or UTF-16, which is rare and decoded at once.
 */
export type Sniffed =
  | { kind: "binary" }
  | { kind: "utf-8"; body: Uint8Array; isLossy: boolean }
  | { kind: "decoded"; decoded: Decoded & { ok: true } };

/** Sniffed content that is text. */
export type TextContent = Exclude<Sniffed, { kind: "binary" }>;

const SNIFF_BYTES = 8192;

/** Decodes invalid UTF-8 with U+FFFD replacements. */
const LENIENT_UTF8 = new TextDecoder("utf-8");

/**
 * Classifies file bytes: UTF-16 LE/BE when a BOM says so; binary when there is a NUL in the first
 * 8 KiB; otherwise UTF-8 (BOM stripped), `isLossy` when it is not valid UTF-8. Checking validity is
 * native and far cheaper than decoding, so a reader can leave decoding to a detector thread.
 */
export function sniffBytes(bytes: Uint8Array): Sniffed {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: "decoded", decoded: utf16(bytes.subarray(2), "utf-16le") };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: "decoded", decoded: utf16(bytes.subarray(2), "utf-16be") };
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { kind: "binary" };
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  return { kind: "utf-8", body, isLossy: !isUtf8(body) };
}

/** True when `bytes` start with the UTF-8 byte order mark (which decoding drops). */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The encoding of sniffed text content when it did not decode cleanly, else undefined. */
export function lossyEncoding(sniffed: TextContent): string | undefined {
  if (sniffed.kind === "utf-8") return sniffed.isLossy ? "utf-8" : undefined;
  return sniffed.decoded.isLossy ? sniffed.decoded.encoding : undefined;
}

/** True when sniffed text content starts with the ASCII `prefix`, read without decoding all of it. */
export function startsWithAscii(sniffed: TextContent, prefix: string): boolean {
  if (sniffed.kind === "decoded") return sniffed.decoded.text.startsWith(prefix);
  const head = sniffed.body.subarray(0, prefix.length);
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1") === prefix;
}

/** The size of text content in bytes: its UTF-8 bytes, or the UTF-8 length of decoded UTF-16. */
export function textContentBytes(content: TextContent): number {
  return content.kind === "utf-8" ? content.body.length : Buffer.byteLength(content.decoded.text);
}

/** Decodes UTF-8; invalid sequences become U+FFFD, so the valid parts are still scanned. */
export function decodeUtf8(body: Uint8Array): string {
  return LENIENT_UTF8.decode(body);
}

/**
 * Decodes file bytes: UTF-8 (BOM stripped), UTF-16 LE/BE when a BOM says so. Bytes with a NUL in
 * the first 8 KiB and no UTF-16 BOM are binary. Invalid UTF-8 is decoded with U+FFFD replacements
 * (`isLossy`), so the valid parts are still scanned and offsets of ASCII secrets stay meaningful.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  const sniffed = sniffBytes(bytes);
  if (sniffed.kind === "binary") return { ok: false, reason: "binary" };
  if (sniffed.kind === "decoded") return sniffed.decoded;
  return { ok: true, text: decodeUtf8(sniffed.body), encoding: "utf-8", isLossy: sniffed.isLossy };
}

function utf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be"): Decoded & { ok: true } {
  const text = new TextDecoder(encoding).decode(body);
  return { ok: true, text, encoding, isLossy: text.includes("\uFFFD") };
}
