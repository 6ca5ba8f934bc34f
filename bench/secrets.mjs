// bench/secrets.mjs — synthetic secrets planted in the corpora, and the hash the scanner reports
// for each (`secretHash`), so the bench can check every planted secret was found without keeping
// the secrets themselves anywhere but in the corpus.
import { secretHashOf } from "../dist/findings/secretHash.js";
import { BASE62 } from "./prng.mjs";

/** Filler the scanner's placeholder filter drops; a generated secret containing one is redrawn. */
const STAND_IN = /example|xxxx|changeme|dummy|redacted|sample|12345678|abcdefgh|00000000|ffffffff|todo|fixme/i;

/** A secret's hash exactly as the JSON report's `secretHash` (the built scanner's own function). */
export function secretHash(secret) {
  return secretHashOf(secret);
}

function crc32(text) {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62Fixed(value, width) {
  let out = "";
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, "0");
}

function draw(generate) {
  for (;;) {
    const value = generate();
    if (!STAND_IN.test(value)) return value;
  }
}

/** A GitHub classic PAT: `ghp_` + 30 base62 + the 6-char base62 CRC-32 of those 30. */
export function githubToken(prng) {
  const random = draw(() => prng.base62(30));
  const token = `ghp_${random}${base62Fixed(crc32(random), 6)}`;
  return { kind: "github-token", text: `const GITHUB_TOKEN = "${token}";\n`, hashes: [secretHash(token)] };
}

/** An AWS access key id and secret on consecutive lines (the scanner reports them as one paired finding). */
export function awsKeyPair(prng) {
  const id = `AKIA${draw(() => prng.upperDigits(16))}`;
  const secret = draw(() => prng.base64(40));
  const text = `aws_access_key_id = ${id}\naws_secret_access_key = "${secret}"\n`;
  return { kind: "aws-key-pair", text, hashes: [secretHash(secret)] };
}

/** A PEM RSA private key block with a random base64 body (no padding, 64-char lines). */
export function pemPrivateKey(prng) {
  const body = draw(() => prng.base64(1600))
    .match(/.{1,64}/g)
    .join("\n");
  const text = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
  return { kind: "pem-private-key", text, hashes: [secretHash(body)] };
}

/** Generates `counts.github` tokens, `counts.aws` key pairs and `counts.pem` key blocks, in that order. */
export function generateSecrets(prng, counts) {
  return [
    ...Array.from({ length: counts.github }, () => githubToken(prng)),
    ...Array.from({ length: counts.aws }, () => awsKeyPair(prng)),
    ...Array.from({ length: counts.pem }, () => pemPrivateKey(prng)),
  ];
}
