import { createHash, createHmac, randomBytes, scryptSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { fingerprintOf } from "../../src/findings/build.js";
import { isGuessable, secretHashOf } from "../../src/findings/secretHash.js";

/** The documented recipes (docs/reliability.md), so a change to either is a deliberate, visible one. */
const SALT = "secretscan/secret-hash/v1";
const scryptHex = (secret: string) =>
  scryptSync(secret, SALT, 32, { N: 1 << 13, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString("hex");
const hmacHex = (key: string, secret: string) => createHmac("sha256", key).update(`${SALT}\0${secret}`).digest("hex");

/** A synthetic random base62 token (fixed, so its character entropy, 4.92 bits, does not vary by run). */
const TOKEN = "oGVNv9hOSvIj21a3PK7q3wsA0YcpgKwpdPHs1u4Q";

afterEach(() => {
  delete process.env.SECRETSCAN_HASH_KEY;
});

describe("secret hashes: slow where a guess could find the secret", () => {
  it.each([
    ["a short password", "Summer2024!"],
    ["a long passphrase without spaces", "correcthorsebatterystaplecorrecthorse"],
    ["a passphrase with spaces", "Correct Horse Battery Staple 2024 Winter Night!"],
    ["a 40-character hex token", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"],
    ["a UUID", "3f2b8c1e-6d4a-4f7e-9b2c-1a5d7e9f0c3b"],
    ["a repeated pattern", "ab12ab12ab12ab12ab12ab12ab12ab12ab12"],
    ["a long leetspeak phrase", "Tr0ub4dor&3CorrectHorse!Battery#Staple99"],
  ])("%s is guessable and gets the scrypt hash", (_, secret) => {
    expect(isGuessable(secret)).toBe(true);
    expect(secretHashOf(secret)).toBe(scryptHex(secret));
  });

  it("a random 40-character base62 token is not guessable and gets the fast salted HMAC", () => {
    const token = TOKEN;
    expect(isGuessable(token)).toBe(false);
    expect(secretHashOf(token)).toBe(hmacHex(SALT, token));
    expect(secretHashOf(token)).not.toBe(createHash("sha256").update(token).digest("hex"));
  });

  it("an identifier (an access key id) authorises nothing, so even a short one gets the fast hash", () => {
    const keyId = "AKIAQ3EGRJ7TXY5WN2KD";
    expect(isGuessable(keyId)).toBe(true);
    expect(secretHashOf(keyId, "identifier")).toBe(hmacHex(SALT, keyId));
    expect(secretHashOf(keyId, "token")).toBe(scryptHex(keyId));
    const asked = "AKIAZ7KQ2M4RT8WX3VBN";
    expect(secretHashOf(asked, "token")).toBe(scryptHex(asked));
    expect(secretHashOf(asked, "identifier")).toBe(hmacHex(SALT, asked));
  });

  it("fingerprints follow their recipe however often the same one is asked for", () => {
    const recipe = (path: string) =>
      createHash("sha256")
        .update(`r\0${hmacHex(SALT, TOKEN)}\0${path}`)
        .digest("hex")
        .slice(0, 32);
    for (const path of ["a/b.env", "a/c.env", "a/b.env"])
      expect(fingerprintOf("r", secretHashOf(TOKEN), path)).toBe(recipe(path));
  });

  it("a PEM key body, line breaks and all, is not guessable", () => {
    const body = Array.from({ length: 6 }, () => randomBytes(48).toString("base64")).join("\n");
    expect(isGuessable(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`)).toBe(false);
  });

  it("under SECRETSCAN_HASH_KEY every secret, guessable or not, gets the HMAC under that key", () => {
    process.env.SECRETSCAN_HASH_KEY = "org-key";
    for (const secret of ["Summer2024!", TOKEN]) expect(secretHashOf(secret)).toBe(hmacHex("org-key", secret));
  });

  it("a hash already computed under one key is never given under another", () => {
    for (const key of ["key-one", "key-two", "key-one"]) {
      process.env.SECRETSCAN_HASH_KEY = key;
      expect(secretHashOf(TOKEN)).toBe(hmacHex(key, TOKEN));
      expect(secretHashOf(TOKEN)).toBe(hmacHex(key, TOKEN));
    }
    delete process.env.SECRETSCAN_HASH_KEY;
    expect(secretHashOf(TOKEN)).not.toBe(hmacHex("key-one", TOKEN));
  });
});
