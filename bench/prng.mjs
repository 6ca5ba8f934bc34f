// bench/prng.mjs — a small seeded PRNG (mulberry32) so every corpus is byte-for-byte reproducible.
// Math.random is never used in the bench.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A deterministic random source seeded with a 32-bit integer. */
export function createPrng(seed) {
  let state = seed >>> 0;
  /** A float in [0, 1). */
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** An integer in [0, n). */
  const int = (n) => Math.floor(next() * n);
  /** `length` characters drawn uniformly from `alphabet`. */
  const chars = (alphabet, length) => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  return {
    next,
    int,
    pick: (items) => items[int(items.length)],
    base62: (length) => chars(BASE62, length),
    base64: (length) => chars(BASE64, length),
    upperDigits: (length) => chars(UPPER_DIGITS, length),
  };
}

/** Base62 alphabet 0-9A-Za-z, in the order GitHub's token checksum uses. */
export { BASE62 };
