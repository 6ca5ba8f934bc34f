import { isValidBech32 } from "./bech32.js";
import { isPlaceholder } from "./placeholders.js";

/**
 * Verifies a secret's checksum. `before` is the text just before the secret in the scanned chunk
 * (up to CHECKSUM_CONTEXT characters), for formats whose checksum covers characters the rule's
 * pattern does not capture; most validators ignore it.
 */
export type ChecksumValidator = (secret: string, before: string) => boolean;

/** How many characters before a secret its checksum validator gets (room for GitLab's instance prefix). */
export const CHECKSUM_CONTEXT = 64;

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

/**
 * Grafana service account token checksum (`glsa_<secret>_<checksum>`): the part after the last
 * underscore is the CRC-32 of everything before that underscore (prefix included), as its four
 * bytes in little-endian order in lower-case hex — what Grafana's satokengen package computes.
 */
export function isValidGrafanaCrc32(token: string): boolean {
  const split = token.lastIndexOf("_");
  if (split < 0) return false;
  const crc = crc32(token.slice(0, split));
  const bytes = [crc, crc >>> 8, crc >>> 16, crc >>> 24].map((byte) => (byte & 0xff).toString(16).padStart(2, "0"));
  return bytes.join("") === token.slice(split + 1);
}

/** The tail of a GitLab routable token: `.` version `.` payload length (2 base36) + CRC (7 base36). */
const GITLAB_ROUTABLE_TAIL = /\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}$/;
const GITLAB_CRC_LENGTH = 7;

/**
 * GitLab routable token checksum. A routable token is `<prefix><base64url payload>.<version>.
 * <payload length>` followed by the zlib CRC-32 of all of that in base36, zero-padded to 7
 * characters; the CRC covers the whole prefix, including an administrator's instance-wide prefix
 * (`acme-glpat-…`) which the rule's pattern leaves out, so the token-like characters in `before`
 * are tried as that prefix. Legacy GitLab tokens have no checksum: any secret without the routable
 * tail passes.
 */
export function isValidGitlabRoutableCrc32(token: string, before = ""): boolean {
  if (!GITLAB_ROUTABLE_TAIL.test(token)) return true;
  const body = token.slice(0, -GITLAB_CRC_LENGTH);
  const expected = token.slice(-GITLAB_CRC_LENGTH);
  const prefixRun = /[A-Za-z0-9_-]*$/.exec(before.slice(-CHECKSUM_CONTEXT))?.[0] ?? "";
  for (let start = prefixRun.length; start >= 0; start--) {
    const crc = crc32(prefixRun.slice(start) + body)
      .toString(36)
      .padStart(GITLAB_CRC_LENGTH, "0");
    if (crc === expected) return true;
  }
  return false;
}

/** Credential words that stand in for a password rather than being one. */
const CREDENTIAL_WORD = /^(?:p[a@4]ss(?:w[o0]rd|wd)?|pwd|secret|none|null|empty)$/i;

/**
 * Decodes a JetBrains IDE password scramble (IntelliJ's PasswordUtil.encodePassword, used in
 * WebServers.xml and older data-source files): each UTF-16 unit XOR 0xDFAA, written as hex, so
 * ASCII text becomes 4 hex digits per character. Undefined when the text is not such a scramble.
 */
export function decodeJetbrainsScramble(scrambled: string): string | undefined {
  if (scrambled.length === 0 || scrambled.length % 4 !== 0 || !/^[0-9a-f]+$/i.test(scrambled)) return undefined;
  let decoded = "";
  for (let i = 0; i < scrambled.length; i += 4)
    decoded += String.fromCharCode(parseInt(scrambled.slice(i, i + 4), 16) ^ 0xdfaa);
  return decoded;
}

/**
 * A JetBrains scramble that decodes to a plausible password: printable ASCII, at least 4
 * characters, and neither a placeholder ("changeme", "<password>", "${DB_PASS}") nor a bare
 * credential word ("password", "secret").
 */
function isPlausibleJetbrainsPassword(scrambled: string): boolean {
  const decoded = decodeJetbrainsScramble(scrambled);
  if (decoded === undefined || decoded.length < 4 || !/^[\x20-\x7e]+$/.test(decoded)) return false;
  return !isPlaceholder(decoded) && !CREDENTIAL_WORD.test(decoded.trim());
}

/**
 * HTTP Basic credentials (RFC 7617): the base64 must decode to text without control characters
 * holding the `user-id:password` colon, and the password (or, when it is empty, the user-id, as with
 * an API key sent as `key:`) must be neither a placeholder nor a bare credential word. Base64 that
 * decodes to anything else ("invalid", binary) is not credentials.
 */
function isPlausibleBasicCredentials(encoded: string): boolean {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || /[\x00-\x1f\x7f\ufffd]/.test(decoded)) return false;
  const secret = decoded.slice(colon + 1) || decoded.slice(0, colon);
  return secret.length > 0 && !isPlaceholder(secret) && !CREDENTIAL_WORD.test(secret.trim());
}

/** Checksum validators a rule can name in its `checksum` field (keep schemas/secretscanrc.schema.json in step). */
export const CHECKSUMS: Readonly<Record<string, ChecksumValidator>> = {
  "github-crc32": isValidGithubCrc32,
  "gitlab-routable-crc32": isValidGitlabRoutableCrc32,
  "grafana-crc32": isValidGrafanaCrc32,
  bech32: isValidBech32,
  "jetbrains-scramble": isPlausibleJetbrainsPassword,
  "basic-credentials": isPlausibleBasicCredentials,
};
