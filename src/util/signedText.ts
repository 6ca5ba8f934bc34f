import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * `body` under a first line `<magic> <HMAC-SHA256 of body under key>`: how every history cache
 * file is written, so that one edited, truncated, or written by another user (or shipped inside a
 * repository) is never trusted.
 */
export function signText(key: Buffer, magic: string, body: string): string {
  return `${signatureLine(key, magic, [body])}${body}`;
}

/**
 * What `signText` gives for the body `parts` joined, as bytes: a cache appending a segment passes
 * the earlier body's bytes as read, so they are hashed and written without being turned into a
 * string and back (a 2 MB walk record on every repeat).
 */
export function signParts(key: Buffer, magic: string, parts: ReadonlyArray<string | Uint8Array>): Buffer {
  const bytes = parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part));
  return Buffer.concat([Buffer.from(signatureLine(key, magic, bytes)), ...bytes]);
}

/** The first line of a signed file: `<magic> <HMAC-SHA256 of the parts, in order, under key>`. */
function signatureLine(key: Buffer, magic: string, parts: ReadonlyArray<string | Uint8Array>): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return `${magic} ${hmac.digest("hex")}\n`;
}

/**
 * The body of what `signText` or `signParts` wrote with the same `key` and `magic` (as text, and as
 * the bytes read, for appending), or why it cannot be trusted; `what` names the file in the
 * problem ("history walk cache").
 */
export function verifiedBody(
  key: Buffer,
  magic: string,
  data: string | Buffer,
  what: string,
): { body: string; bytes: Buffer } | { problem: string } {
  const file = typeof data === "string" ? Buffer.from(data) : data;
  const newline = file.indexOf(10);
  const first = file.toString("latin1", 0, Math.max(newline, 0));
  if (newline < 0 || !first.startsWith(`${magic} `)) return { problem: `not a secretscan ${what}` };
  const bytes = file.subarray(newline + 1);
  const expected = createHmac("sha256", key).update(bytes).digest();
  const given = Buffer.from(first.slice(magic.length + 1), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { problem: "it does not verify with your key (corrupt, truncated, or not written by you)" };
  return { body: bytes.toString("utf8"), bytes };
}
