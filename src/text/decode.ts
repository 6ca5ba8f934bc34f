import { isUtf8 } from "node:buffer";

/** The outcome of turning file bytes into text. */
export type Decoded = { ok: true; text: string; encoding: string; isLossy: boolean } | { ok: false; reason: "binary" };

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
 * Classifies file bytes: UTF-32 or UTF-16 (LE/BE) when a BOM says so and the rest fits; binary when
 * there is a NUL in the first 8 KiB; otherwise UTF-8 (BOM stripped), `isLossy` when it is not
 * valid UTF-8. Checking validity is native and far cheaper than decoding, so a reader can leave
 * decoding to a detector thread. A UTF-16 BOM before bytes without a NUL that are valid UTF-8
 * (`FF FE` in front of ordinary ASCII lines, which a shell still runs) is not trusted: decoded as
 * UTF-16 such text turns into CJK characters and would scan clean.
 */
export function sniffBytes(bytes: Uint8Array): Sniffed {
  const utf32 = utf32Encoding(bytes);
  if (utf32) return { kind: "decoded", decoded: decodeUtf32(bytes.subarray(4), utf32) };
  const utf16Bom =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? "utf-16le"
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? "utf-16be"
        : undefined;
  if (utf16Bom) {
    const body = bytes.subarray(2);
    if (body.length === 0 || body.subarray(0, SNIFF_BYTES).includes(0) || !isUtf8(body))
      return { kind: "decoded", decoded: utf16(body, utf16Bom) };
    return { kind: "utf-8", body, isLossy: false };
  }
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

/** The first line of a Git LFS pointer file, which stands in a repository for the object it names. */
const LFS_POINTER = "version https://git-lfs.github.com/spec/v1";

/** True when sniffed text content is a Git LFS pointer: the object is elsewhere, and not scanned. */
export function isLfsPointer(sniffed: TextContent): boolean {
  return startsWithAscii(sniffed, LFS_POINTER);
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

/** The UTF-32 byte order its BOM announces (`FF FE 00 00` or `00 00 FE FF`), else undefined. */
function utf32Encoding(bytes: Uint8Array): "utf-32le" | "utf-32be" | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return "utf-32le";
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return "utf-32be";
  return undefined;
}

/** Decodes UTF-32 (which TextDecoder lacks); invalid code points and a trailing partial unit become U+FFFD. */
function decodeUtf32(body: Uint8Array, encoding: "utf-32le" | "utf-32be"): Decoded & { ok: true } {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  let isLossy = body.length % 4 !== 0;
  for (let offset = 0; offset + 4 <= body.length; offset += 4) {
    const code = view.getUint32(offset, encoding === "utf-32le");
    const isValid = code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    if (!isValid) isLossy = true;
    parts.push(String.fromCodePoint(isValid ? code : 0xfffd));
  }
  return { ok: true, text: parts.join("") + (body.length % 4 !== 0 ? "\uFFFD" : ""), encoding, isLossy };
}

function utf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be"): Decoded & { ok: true } {
  const text = new TextDecoder(encoding).decode(body);
  return { ok: true, text, encoding, isLossy: text.includes("\uFFFD") };
}
