import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { BaselineMatcher, buildBaseline, diffBaselines, serializeBaseline } from "../../src/findings/baseline.js";
import { fingerprintOf } from "../../src/findings/build.js";
import type { Finding } from "../../src/findings/types.js";
import { makeFinding, SECRETS } from "../report/builders.js";

/** A finding whose fingerprint is computed as the engine computes it. */
function finding(ruleId: "github-pat" | "generic-password", secret: string, path: string, line: number): Finding {
  const built = makeFinding(ruleId, secret, path, line, 5);
  return { ...built, fingerprint: fingerprintOf(ruleId, built.secretHash, path) };
}

const schema = JSON.parse(readFileSync(new URL("../../schemas/baseline.schema.json", import.meta.url), "utf8")) as object;

describe("baseline", () => {
  const known = [finding("github-pat", SECRETS.github, "src/b.ts", 9), finding("generic-password", SECRETS.password, "a.env", 2), finding("github-pat", SECRETS.github, "src/b.ts", 30)];

  it("records hashes, rule ids and paths only: sorted, one entry per fingerprint, one per line, valid against its schema", () => {
    const baseline = buildBaseline(known);
    expect(baseline.entries.map((entry) => entry.path)).toEqual(["a.env", "src/b.ts"]);
    const text = serializeBaseline(baseline);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain("…");
    expect(text.split("\n").filter((line) => line.includes('"fingerprint"'))).toHaveLength(2);
    const parsed = JSON.parse(text) as unknown;
    expect(parsed).toEqual(baseline);
    expect(new Ajv({ strict: false }).validate(schema, parsed)).toBe(true);
    expect(serializeBaseline(buildBaseline([]))).toBe('{\n  "version": 1,\n  "tool": "secretscan",\n  "entries": []\n}\n');
  });

  it("matches by fingerprint whatever the line, and by rule and secret hash after a rename", () => {
    const matcher = new BaselineMatcher(buildBaseline(known));
    expect(matcher.isKnown(finding("github-pat", SECRETS.github, "src/b.ts", 100))).toBe(true);
    expect(matcher.isKnown(finding("github-pat", SECRETS.github, "src/renamed.ts", 1))).toBe(true);
    expect(matcher.isKnown(finding("generic-password", SECRETS.github, "src/b.ts", 9))).toBe(false);
    expect(matcher.isKnown(finding("github-pat", SECRETS.stripe, "src/b.ts", 9))).toBe(false);
    expect(matcher.unused().map((entry) => entry.path)).toEqual(["a.env"]);
  });

  it("counts entries added and removed between two baselines", () => {
    const before = buildBaseline(known);
    const after = buildBaseline([known[0] as Finding, finding("github-pat", SECRETS.stripe, "c.ts", 1)]);
    expect(diffBaselines(before, after)).toEqual({ added: 1, removed: 1 });
  });
});
