const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC32_TABLE = buildCrc32Table();

function buildCrc32Table(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE 802.3, as zlib computes it) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (CRC32_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Encodes a non-negative integer in base62 (0-9A-Za-z), left-padded with '0' to `width`. */
export function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/**
 * GitHub-style token checksum (also used by npm `npm_` tokens): the last 6 characters are the
 * base62 CRC-32 of the random part, i.e. everything after the prefix's final underscore except
 * those 6 characters.
 */
export function isValidGithubCrc32(token: string): boolean {
  const body = token.slice(token.lastIndexOf("_") + 1);
  if (body.length <= 6) return false;
  const random = body.slice(0, -6);
  return base62(crc32(random), 6) === body.slice(-6);
}

/** Checksum validators a rule can name in its `checksum` field. */
export const CHECKSUMS: Readonly<Record<string, (secret: string) => boolean>> = {
  "github-crc32": isValidGithubCrc32,
};
