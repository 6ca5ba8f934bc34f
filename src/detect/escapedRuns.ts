import { allOf, IS_HEX } from "./charTables.js";

/**
 * How a run of escaped text is written: the character that starts an escape, the characters that
 * may stand unescaped between escapes, and how long a valid escape at an offset is (0: not one).
 */
export interface RunSyntax {
  introducer: string;
  plain: Uint8Array;
  escapeLength: (text: string, offset: number) => number;
}

function hexDigits(text: string, offset: number, count: number): boolean {
  return allOf(IS_HEX, text, offset, offset + count, 1);
}

/** `%XX`: 3 characters, else 0. */
export function percentEscapeLength(text: string, offset: number): number {
  return hexDigits(text, offset + 1, 2) ? 3 : 0;
}

/** `\uXXXX` (6 characters) or `\xXX` (4), else 0. */
export function backslashEscapeLength(text: string, offset: number): number {
  const kind = text.charCodeAt(offset + 1);
  if (kind === 117) return hexDigits(text, offset + 2, 4) ? 6 : 0;
  if (kind === 120) return hexDigits(text, offset + 2, 2) ? 4 : 0;
  return 0;
}

/**
 * Maximal runs of escapes and plain characters holding at least `minEscapes` valid escapes, as
 * `[start, end)` offsets. Only the neighbourhood of each introducer is read (found with `indexOf`),
 * so text without escapes costs one native search.
 */
export function escapedRuns(text: string, syntax: RunSyntax, minEscapes: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let from = text.indexOf(syntax.introducer);
  while (from !== -1) {
    if (syntax.escapeLength(text, from) === 0) {
      from = text.indexOf(syntax.introducer, from + 1);
      continue;
    }
    let start = from;
    while (start > 0 && isPlain(syntax, text.charCodeAt(start - 1))) start--;
    let end = from;
    let escapes = 0;
    for (;;) {
      const escapeLength =
        text.charCodeAt(end) === syntax.introducer.charCodeAt(0) ? syntax.escapeLength(text, end) : 0;
      if (escapeLength > 0) escapes++;
      else if (!isPlain(syntax, text.charCodeAt(end))) break;
      end += escapeLength || 1;
    }
    if (escapes >= minEscapes) runs.push([start, end]);
    from = text.indexOf(syntax.introducer, end + 1);
  }
  return runs;
}

function isPlain(syntax: RunSyntax, code: number): boolean {
  return code < syntax.plain.length && syntax.plain[code] === 1;
}
