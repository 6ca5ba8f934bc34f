import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  BaselineMatcher,
  buildBaseline,
  diffBaseline,
  serializeBaseline,
  type Baseline,
} from "../../src/findings/baseline.js";
import { fingerprintOf } from "../../src/findings/build.js";
import type { Finding } from "../../src/findings/types.js";
import { makeFinding, SECRETS } from "../report/builders.js";

/** A finding whose fingerprint is computed as the engine computes it. */
function finding(ruleId: "github-pat" | "generic-password", secret: string, path: string, line: number): Finding {
  const built = makeFinding(ruleId, secret, path, line, 5);
  return { ...built, fingerprint: fingerprintOf(ruleId, built.secretHash, path) };
}

const SALT = "0123456789abcdef0123456789abcdef";

const schema = JSON.parse(
  readFileSync(new URL("../../schemas/baseline.schema.json", import.meta.url), "utf8"),
) as object;

describe("baseline", () => {
  const known = [
    finding("github-pat", SECRETS.github, "src/b.ts", 9),
    finding("generic-password", SECRETS.password, "a.env", 2),
    finding("github-pat", SECRETS.github, "src/b.ts", 30),
  ];

  it("records hashes, rule ids and paths only: sorted, one entry per fingerprint, one per line, valid against its schema", () => {
    const baseline = buildBaseline(known, SALT);
    expect(baseline.entries.map((entry) => entry.path)).toEqual(["a.env", "src/b.ts"]);
    const text = serializeBaseline(baseline);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain("…");
    expect(text.split("\n").filter((line) => line.includes('"fingerprint"'))).toHaveLength(2);
    const parsed = JSON.parse(text) as unknown;
    expect(parsed).toEqual(baseline);
    expect(new Ajv({ strict: false }).validate(schema, parsed)).toBe(true);
    expect(serializeBaseline(buildBaseline([], SALT))).toBe(
      `{\n  "version": 2,\n  "tool": "secretscan",\n  "salt": "${SALT}",\n  "entries": []\n}\n`,
    );
  });

  it("matches by fingerprint whatever the line, and by rule and secret hash after a rename", () => {
    const matcher = new BaselineMatcher(buildBaseline(known, SALT));
    expect(matcher.isKnown(finding("github-pat", SECRETS.github, "src/b.ts", 100))).toBe(true);
    expect(matcher.isKnown(finding("github-pat", SECRETS.github, "src/renamed.ts", 1))).toBe(true);
    expect(matcher.isKnown(finding("generic-password", SECRETS.github, "src/b.ts", 9))).toBe(false);
    expect(matcher.isKnown(finding("github-pat", SECRETS.stripe, "src/b.ts", 9))).toBe(false);
    expect(matcher.unused().map((entry) => entry.path)).toEqual(["a.env"]);
  });

  it("counts entries added and removed between two baselines", () => {
    const before = buildBaseline(known, SALT);
    expect(diffBaseline(before, [known[0] as Finding, finding("github-pat", SECRETS.stripe, "c.ts", 1)])).toEqual({
      added: 1,
      removed: 1,
    });
  });

  it("keys its hashes with the salt: no plain hash of the secret, different salts give different entries", () => {
    const [entry] = buildBaseline([known[1] as Finding], SALT).entries;
    const [other] = buildBaseline([known[1] as Finding], "f".repeat(32)).entries;
    for (const algorithm of ["sha256", "sha1", "md5"]) {
      expect(JSON.stringify(entry)).not.toContain(createHash(algorithm).update(SECRETS.password).digest("hex"));
    }
    expect(JSON.stringify(entry)).not.toContain(known[1]?.fingerprint);
    expect(other?.secretHash).not.toBe(entry?.secretHash);
    expect(other?.fingerprint).not.toBe(entry?.fingerprint);
  });

  it("a version-1 baseline (plain hashes, no salt) still matches, and counts against new findings", () => {
    const legacy: Baseline = {
      version: 1,
      tool: "secretscan",
      entries: known
        .slice(0, 2)
        .map(({ fingerprint, ruleId, secretHash, path }) => ({ fingerprint, ruleId, secretHash, path })),
    };
    expect(new Ajv({ strict: false }).validate(schema, legacy)).toBe(true);
    const matcher = new BaselineMatcher(legacy);
    expect(matcher.isKnown(finding("github-pat", SECRETS.github, "src/moved.ts", 3))).toBe(true);
    expect(diffBaseline(legacy, [known[0] as Finding])).toEqual({ added: 0, removed: 1 });
  });
});
