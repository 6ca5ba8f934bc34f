import { base62, crc32 } from "../../src/rules/checksums.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE64 = `${ALNUM}+/`;

/**
 * Deterministic pseudo-random strings for synthetic secrets (mulberry32). The same seed gives the
 * same "secret" in every run, and nothing here is a real credential.
 */
export function randomString(seed: number, length: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += alphabet[Math.floor(value * alphabet.length)];
  }
  return out;
}

/** An AWS access key id shape: AKIA + 16 base32 characters. */
export function awsAccessKeyId(seed: number): string {
  return `AKIA${randomString(seed, 16, BASE32)}`;
}

/** An AWS secret access key shape: 40 base64 characters. */
export function awsSecretKey(seed: number): string {
  return randomString(seed, 40, BASE64);
}

/** A GitHub classic PAT shape with a valid CRC-32 checksum: ghp_ + 30 random + 6 checksum. */
export function githubToken(seed: number, prefix = "ghp"): string {
  const random = randomString(seed, 30);
  return `${prefix}_${random}${base62(crc32(random), 6)}`;
}

/** A PEM private key block with a random (not a real key) base64 body. */
export function pemPrivateKey(seed: number, label = "RSA PRIVATE KEY"): string {
  const body = randomString(seed, 64 * 12, BASE64)
    .match(/.{1,64}/g)
    ?.join("\n");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
