/**
 * The indices of `keywords` (ASCII, lower-case) that occur in `bytes`, case-insensitively: one
 * substring search per keyword, in V8's native string search, over the bytes read as latin1 and
 * lower-cased. Latin1 maps each byte to one character, and lower-casing maps none of 0x80-0xff to
 * ASCII, so this finds exactly the keywords `KeywordBuckets` finds. It costs a pass per keyword,
 * but nothing to set up and no JavaScript loop over the bytes: the buckets' byte loop runs cold
 * (interpreted, then compiled on the main thread) on a process's first input, which cost a
 * pre-commit run of one 4 KiB file ~15 ms.
 */
export function keywordsBySearch(bytes: Uint8Array, keywords: readonly string[]): Set<number> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1").toLowerCase();
  const found = new Set<number>();
  keywords.forEach((keyword, index) => {
    if (text.includes(keyword)) found.add(index);
  });
  return found;
}
