/**
 * A lookup table over UTF-16 code units: 1 for each character of `chars`. `size` 65536 covers
 * every code unit, so a scan loop needs no range check; the default covers ASCII.
 */
export function charTable(chars: string, size = 128): Uint8Array {
  const table = new Uint8Array(size);
  for (const char of chars) table[char.charCodeAt(0)] = 1;
  return table;
}

/** Hexadecimal digits, either case. */
export const IS_HEX = charTable("0123456789abcdefABCDEF");

/**
 * True when every `step`-th character of `text` from `start` (before `end`) is in `table`; false
 * when the range runs past the end of `text`.
 */
export function allOf(table: Uint8Array, text: string, start: number, end: number, step: number): boolean {
  for (let i = start; i < end; i += step) {
    const code = text.charCodeAt(i);
    if (!(code < table.length && table[code] === 1)) return false;
  }
  return true;
}
