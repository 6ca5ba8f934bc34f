import { randomBytes } from "node:crypto";

/**
 * DEL, the C1 controls (U+009B is a one-character CSI on some terminals) and the bidi controls of
 * "Trojan Source": `JSON.stringify` escapes only C0, and leaves these raw.
 */
const TERMINAL_UNSAFE = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** `TERMINAL_UNSAFE` without the global flag, whose `test` keeps no position between texts. */
const HAS_TERMINAL_UNSAFE = new RegExp(TERMINAL_UNSAFE.source);

/**
 * Items a document lists in place of an empty array of its skeleton, made as the text is written:
 * the key is that very (empty) array object, the value its items.
 */
export type StreamedItems = ReadonlyMap<readonly unknown[], Iterable<unknown>>;

/** `items` mapped one at a time, as they are iterated: the items of a streamed list, each made when written. */
export function* mapped<T, U>(items: readonly T[], map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/**
 * A JSON document, two-space indented and ending in a newline, with every character that could
 * drive a terminal written as a `\uXXXX` escape: the same value when parsed, but safe to print,
 * since paths, rule names and commit metadata in it come from the scanned repository.
 */
export function jsonText(value: unknown, streamed?: StreamedItems): string {
  return [...jsonPieces(value, streamed)].join("");
}

/**
 * `jsonText` a piece at a time. Each array of `skeleton` that `streamed` names is written with the
 * items given for it, each made only when its turn comes: a history report of 38k findings
 * (jekyll's) was a tree of 400k objects and a 190 MB string before its first byte was written,
 * and half the run's peak memory. The text is the same as `JSON.stringify` of the whole. Items are
 * written whole: an array inside one is not streamed.
 */
export function* jsonPieces(skeleton: unknown, streamed: StreamedItems = new Map()): Generator<string> {
  // A mark no scanned repository can spell: it holds a fresh random nonce.
  const nonce = randomBytes(9).toString("base64url");
  const marks: Array<{ mark: string; items: Iterable<unknown> }> = [];
  const text = JSON.stringify(
    skeleton,
    (_key, value: unknown) => {
      const items = Array.isArray(value) ? streamed.get(value) : undefined;
      if (!items) return value;
      const mark = `\u0000${nonce}:${marks.length}`;
      marks.push({ mark: JSON.stringify(mark), items });
      return mark;
    },
    2,
  );
  let cursor = 0;
  for (const { mark, items } of marks) {
    const at = text.indexOf(mark, cursor);
    yield safeText(text.slice(cursor, at));
    yield* arrayPieces(items, indentAt(text, at));
    cursor = at + mark.length;
  }
  yield safeText(`${text.slice(cursor)}\n`);
}

/** The indentation (in spaces) of the line holding offset `at`. */
function indentAt(text: string, at: number): number {
  const line = text.slice(text.lastIndexOf("\n", at) + 1, at);
  return line.length - line.trimStart().length;
}

/**
 * An array of `items` as `JSON.stringify(…, null, 2)` writes it at `indent` spaces, `BATCH_ITEMS`
 * items a piece. Each batch is stringified once inside arrays nested as deep as the list sits,
 * so the one native call indents it; the nesting's own lines are then cut off.
 */
function* arrayPieces(items: Iterable<unknown>, indent: number): Generator<string> {
  let batch: unknown[] = [];
  let isFirst = true;
  for (const item of items) {
    batch.push(item);
    if (batch.length < BATCH_ITEMS) continue;
    yield isFirst ? "[\n" : ",\n";
    yield batchText(batch, indent);
    batch = [];
    isFirst = false;
  }
  if (batch.length > 0) {
    yield isFirst ? "[\n" : ",\n";
    yield batchText(batch, indent);
  }
  yield isFirst && batch.length === 0 ? "[]" : `\n${" ".repeat(indent)}]`;
}

/**
 * Streamed items stringified at once: few native calls, yet pieces under 128 KiB (a report's text
 * is two bytes a character once it holds a `…`), the size from which V8 maps each string's memory
 * afresh; jekyll's report took 0.5 s more in 600 KB pieces. Separators are pieces of their own,
 * since a batch joined to one would be copied flat before it is written.
 */
const BATCH_ITEMS = 16;

/** `batch`'s items as they sit in a list at `indent` spaces (indent + 2 each), joined by `,\n`, escaped. */
function batchText(batch: readonly unknown[], indent: number): string {
  let nested: unknown = batch;
  for (let depth = 0; depth < indent / 2; depth++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  const lines = indent / 2 + 1;
  let from = 0;
  for (let line = 0; line < lines; line++) from = text.indexOf("\n", from) + 1;
  let to = text.length;
  for (let line = 0; line < lines; line++) to = text.lastIndexOf("\n", to - 1);
  return safeText(text.slice(from, to));
}

/**
 * `text` with every terminal-unsafe character escaped (whole JSON tokens, so no escape is split).
 * Tested for first: a global replace with a function copies the text even when nothing matches
 * (0.5 s for jekyll's 95 MB report, against 0.05 s to test).
 */
function safeText(text: string): string {
  if (!HAS_TERMINAL_UNSAFE.test(text)) return text;
  return text.replace(TERMINAL_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
