import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { isValidBech32 } from "../../src/rules/bech32.js";
import {
  CHECKSUMS,
  decodeJetbrainsScramble,
  isValidGitlabRoutableCrc32,
  isValidGrafanaCrc32,
} from "../../src/rules/checksums.js";
import { matchText } from "../../src/detect/matchText.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { randomString } from "../helpers/tokens.js";
import { compiled, testRule } from "../detect/rules.js";

/** Changes one character of `text` at `index` to another character of the same alphabet. */
function flip(text: string, index: number, alphabet: string): string {
  const next = alphabet[(alphabet.indexOf(text[index] as string) + 1) % alphabet.length] as string;
  return text.slice(0, index) + next + text.slice(index + 1);
}

/** A Bech32 encoder written from BIP-173 for the tests (the checker under test only verifies). */
function encodeBech32(hrp: string, bytes: Uint8Array): string {
  const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    for (; bits >= 5; bits -= 5) words.push((acc >> (bits - 5)) & 31);
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const hrpCodes = [...hrp].map((c) => c.charCodeAt(0));
  for (const value of [...hrpCodes.map((c) => c >> 5), 0, ...hrpCodes.map((c) => c & 31), ...words, 0, 0, 0, 0, 0, 0]) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ value) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (generator[i] as number)) >>> 0;
  }
  const checksum = Array.from({ length: 6 }, (_, p) => ((chk ^ 1) >>> (5 * (5 - p))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => charset[w]).join("")}`;
}

describe("Bech32 (age identities)", () => {
  it("accepts BIP-173's valid test vectors and the age specification's example identity", () => {
    for (const valid of [
      "A12UEL5L",
      "a12uel5l",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ]) {
      expect(isValidBech32(valid)).toBe(true);
    }
    expect(isValidBech32("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")).toBe(true);
  });

  it("rejects a wrong checksum, a Bech32m string, a character outside the alphabet and a missing separator", () => {
    expect(isValidBech32("A12UEL5M")).toBe(false);
    expect(isValidBech32("a1lqfn3a")).toBe(false); // valid Bech32m (BIP-350), not Bech32
    expect(isValidBech32("a12uel5b")).toBe(false);
    expect(isValidBech32("qpzry9x8gf2tvdw0")).toBe(false);
  });

  it("accepts a freshly encoded key and rejects it after any one-character change", () => {
    const bytes = Uint8Array.from(randomString(7, 32), (c) => c.charCodeAt(0));
    const key = encodeBech32("age-secret-key-", bytes).toUpperCase();
    expect(key).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(isValidBech32(key)).toBe(true);
    const upper = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
    for (const index of [16, 40, key.length - 1]) expect(isValidBech32(flip(key, index, upper))).toBe(false);
  });
});

describe("Grafana service account token checksum", () => {
  it("accepts Grafana's own test token and one built with zlib's CRC-32", () => {
    expect(isValidGrafanaCrc32("glsa_iNValIdinValiDinvalidinvalidinva_5b582697")).toBe(true);
    const body = `glsa_${randomString(3, 32)}`;
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(zlibCrc32(body));
    const token = `${body}_${crc.toString("hex")}`;
    expect(isValidGrafanaCrc32(token)).toBe(true);
    expect(isValidGrafanaCrc32(flip(token, 10, body))).toBe(false);
    expect(isValidGrafanaCrc32(flip(token, token.length - 1, "0123456789abcdef"))).toBe(false);
  });
});

describe("GitLab routable token checksum", () => {
  const routable = (prefix: string, seed: number): string => {
    const payload = Buffer.concat([Buffer.from(randomString(seed, 16)), Buffer.from("c:1\no:1\nu:2s\x0c")]).toString(
      "base64url",
    );
    const body = `${prefix}${payload}.01.${payload.length.toString(36).padStart(2, "0")}`;
    return body + zlibCrc32(body).toString(36).padStart(7, "0");
  };

  it("accepts GitLab's own test token and rejects its wrong-CRC twin", () => {
    expect(isValidGitlabRoutableCrc32("glrtr-W5m1cHR6skC98Bx7XkuYjmM6MQpnOjgKbzpyegp0OjIQ.01.181uebm4k")).toBe(true);
    expect(isValidGitlabRoutableCrc32("glrtr-W5m1cHR6skC98Bx7XkuYjmM6MQpnOjgKbzpyegp0OjIQ.01.181uebm4l")).toBe(false);
  });

  it("verifies a routable token and fails it after a one-character change; legacy tokens pass", () => {
    const token = routable("glpat-", 11);
    expect(isValidGitlabRoutableCrc32(token)).toBe(true);
    expect(
      isValidGitlabRoutableCrc32(flip(token, 12, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")),
    ).toBe(false);
    expect(isValidGitlabRoutableCrc32(`glpat-${randomString(12, 20)}`)).toBe(true);
  });

  it("covers an instance-wide prefix the pattern leaves out, read from the text before the secret", () => {
    const token = routable("acme-glpat-", 13);
    const secret = token.slice("acme-".length);
    expect(isValidGitlabRoutableCrc32(secret)).toBe(false);
    expect(isValidGitlabRoutableCrc32(secret, 'GITLAB_TOKEN="acme-')).toBe(true);
    const rule = compiled(
      testRule({
        keywords: ["glpat-"],
        pattern: "(?<![A-Za-z0-9])(?<secret>glpat-[0-9A-Za-z_-]{20,300}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?)",
        checksum: "gitlab-routable-crc32",
      }),
    );
    const found = matchText(createRuleSet([rule]), `token: ${token}\nother: ${secret}\n`, "ci.yml");
    expect(found.map((match) => match.secret)).toEqual([secret]);
    expect(found[0]?.start).toBe("token: acme-".length);
  });
});

describe("checksum registry", () => {
  it("lists exactly the names the config schema allows", async () => {
    const { readFile } = await import("node:fs/promises");
    const schema = JSON.parse(
      await readFile(new URL("../../schemas/secretscanrc.schema.json", import.meta.url), "utf8"),
    );
    const names = JSON.stringify(schema).match(/"checksum":\{"enum":\[([^\]]*)\]/)?.[1];
    expect(JSON.parse(`[${names}]`).sort()).toEqual(Object.keys(CHECKSUMS).sort());
  });
});

describe("JetBrains password scramble", () => {
  const scramble = (text: string) => [...text].map((c) => (c.charCodeAt(0) ^ 0xdfaa).toString(16)).join("");

  it("decodes IntelliJ's PasswordUtil scramble", () => {
    expect(decodeJetbrainsScramble(scramble("Tr0ub4dor&3"))).toBe("Tr0ub4dor&3");
    expect(decodeJetbrainsScramble("dfc")).toBeUndefined();
    expect(decodeJetbrainsScramble("zzzz")).toBeUndefined();
  });

  it("accepts a plausible password and rejects placeholders, credential words and non-text", () => {
    const check = CHECKSUMS["jetbrains-scramble"] as (secret: string, before: string) => boolean;
    expect(check(scramble("Tr0ub4dor&3"), "")).toBe(true);
    expect(check(scramble("password"), "")).toBe(false);
    expect(check(scramble("changeme"), "")).toBe(false);
    expect(check(scramble("${DB_PASSWORD}"), "")).toBe(false);
    expect(check(scramble("abc"), "")).toBe(false);
    expect(check("0000111122223333", "")).toBe(false);
  });
});

describe("HTTP Basic credentials", () => {
  const check = CHECKSUMS["basic-credentials"] as (secret: string, before: string) => boolean;
  const basic = (text: string) => Buffer.from(text).toString("base64").replace(/=+$/, "");

  it("accepts user:password text and an API key sent as the user-id with an empty password", () => {
    expect(check(basic("svc-export:abdF5^EFCiyMj2Uo"), "")).toBe(true);
    expect(check(basic("rk_9fQ2pL7xKm3Nv8Rt5Wz1Yb4C:"), "")).toBe(true);
  });

  it("rejects base64 that is not credentials, and stand-in passwords", () => {
    expect(check(basic("invalid"), "")).toBe(false);
    expect(check(Buffer.from([0x8f, 0x00, 0x3a, 0x91, 0x17]).toString("base64"), "")).toBe(false);
    expect(check(basic("user:p@ss"), "")).toBe(false);
    expect(check(basic("admin:${ADMIN_PASSWORD}"), "")).toBe(false);
  });
});
