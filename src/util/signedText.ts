import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * `body` under a first line `<magic> <HMAC-SHA256 of body under key>`: how every history cache
 * file is written, so that one edited, truncated, or written by another user (or shipped inside a
 * repository) is never trusted.
 */
export function signText(key: Buffer, magic: string, body: string): string {
  return `${magic} ${mac(key, body)}\n${body}`;
}

/**
 * The body of a text `signText` wrote with the same `key` and `magic`, or why it cannot be
 * trusted; `what` names the file in the problem ("history walk cache").
 */
export function verifiedBody(
  key: Buffer,
  magic: string,
  text: string,
  what: string,
): { body: string } | { problem: string } {
  const newline = text.indexOf("\n");
  const first = text.slice(0, Math.max(newline, 0));
  if (newline < 0 || !first.startsWith(`${magic} `)) return { problem: `not a secretscan ${what}` };
  const body = text.slice(newline + 1);
  const expected = Buffer.from(mac(key, body), "hex");
  const given = Buffer.from(first.slice(magic.length + 1), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { problem: "it does not verify with your key (corrupt, truncated, or not written by you)" };
  return { body };
}

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("hex");
}
