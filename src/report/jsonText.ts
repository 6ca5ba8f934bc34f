/**
 * DEL, the C1 controls (U+009B is a one-character CSI on some terminals) and the bidi controls of
 * "Trojan Source": `JSON.stringify` escapes only C0, and leaves these raw.
 */
const TERMINAL_UNSAFE = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A JSON document, two-space indented and ending in a newline, with every character that could
 * drive a terminal written as a `\uXXXX` escape: the same value when parsed, but safe to print,
 * since paths, rule names and commit metadata in it come from the scanned repository.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    TERMINAL_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${text}\n`;
}
