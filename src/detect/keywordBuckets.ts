/**
 * Finds which ASCII keywords occur in a few kilobytes, case-insensitively, without building the
 * keyword DFA (tens of milliseconds for ~900 keywords, most of a pre-commit run's detector set-up).
 * Keywords are bucketed by their first two lower-cased characters; each position of the input looks
 * up its pair's bucket and compares only the keywords in it. Set-up costs one pass over the
 * keywords; a scan costs a few nanoseconds per byte more than the DFA's, so it suits small inputs.
 */
export class KeywordBuckets {
  /** Per pair of codes (`first << 7 | second`), the keywords (indices) of two or more characters starting with it. */
  private readonly byPair: Array<number[] | undefined> = [];
  /** Per code, the one-character keywords equal to it. */
  private readonly byCode: Array<number[] | undefined> = [];
  /** The keywords, lower-cased. */
  private readonly keywords: string[];

  /** `keywords` must be ASCII; results are indices into this array. */
  constructor(keywords: readonly string[]) {
    this.keywords = keywords.map((keyword) => keyword.toLowerCase());
    this.keywords.forEach((keyword, index) => {
      const first = keyword.charCodeAt(0);
      if (keyword.length === 1) (this.byCode[first] ??= []).push(index);
      else (this.byPair[(first << 7) | keyword.charCodeAt(1)] ??= []).push(index);
    });
  }

  /**
   * Indices of the keywords that occur in `bytes`: the same set the DFA finds, since keywords are
   * ASCII and every byte of a non-ASCII sequence is ≥ 0x80, which no keyword holds.
   */
  scan(bytes: Uint8Array): Set<number> {
    const found = new Set<number>();
    const length = bytes.length;
    for (let i = 0; i < length; i++) {
      const first = lowerAscii(bytes[i] as number);
      if (first >= 128) continue;
      const singles = this.byCode[first];
      if (singles) for (const index of singles) found.add(index);
      const second = i + 1 < length ? lowerAscii(bytes[i + 1] as number) : 128;
      const bucket = second < 128 ? this.byPair[(first << 7) | second] : undefined;
      if (!bucket) continue;
      for (const index of bucket) if (!found.has(index) && this.isAt(bytes, i, index)) found.add(index);
    }
    return found;
  }

  /** True when keyword `index` (whose first two characters already match) occurs at `at`. */
  private isAt(bytes: Uint8Array, at: number, index: number): boolean {
    const keyword = this.keywords[index] as string;
    if (at + keyword.length > bytes.length) return false;
    for (let k = 2; k < keyword.length; k++)
      if (lowerAscii(bytes[at + k] as number) !== keyword.charCodeAt(k)) return false;
    return true;
  }
}

/** `code` with ASCII upper-case letters folded to lower case; anything else unchanged. */
function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
