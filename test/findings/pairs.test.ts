import { describe, expect, it } from "vitest";
import { buildFinding } from "../../src/findings/build.js";
import { dedupeFindings } from "../../src/findings/dedupe.js";
import { pairFindings } from "../../src/findings/pairs.js";
import type { Finding } from "../../src/findings/types.js";
import { compiled, testRule } from "../detect/rules.js";

function finding(
  ruleId: string,
  line: number,
  secret: string,
  overrides: Partial<Finding> = {},
  path = "a.env",
): Finding {
  const rule = compiled(
    testRule({
      id: ruleId,
      kind: ruleId.endsWith("id") ? "identifier" : "secret",
      severity: ruleId.endsWith("id") ? "low" : "high",
    }),
  );
  const raw = {
    rule,
    secret,
    entropy: 4,
    startLine: line,
    startColumn: 5,
    endLine: line,
    endColumn: 5 + secret.length,
    lineText: `k = ${secret}`,
    lineOffset: 4,
    spanLength: secret.length,
  };
  return { ...buildFinding(raw, { type: "file", path }), ...overrides };
}

const specs = new Map([["key-id", { rules: ["key-secret"], maxLines: 3 }]]);

describe("pairFindings", () => {
  it("merges an identifier into the secret next to it as one critical finding", () => {
    const merged = pairFindings(
      [finding("key-id", 1, "AKIAQWERTYUIOPASDFGH"), finding("key-secret", 2, "s3cr3tValue/with+chars")],
      specs,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]?.severity).toBe("critical");
    expect(merged[0]?.pairedWith).toMatchObject({ ruleId: "key-id", preview: "AKIA…" });
  });

  it("reports an identifier alone at its own severity, and does not pair across files or beyond maxLines", () => {
    const far = pairFindings(
      [finding("key-id", 1, "AKIAQWERTYUIOPASDFGH"), finding("key-secret", 9, "s3cr3tValue/with+chars")],
      specs,
    );
    expect(far.map((f) => [f.ruleId, f.severity])).toEqual([
      ["key-id", "low"],
      ["key-secret", "high"],
    ]);
    const otherFile = pairFindings(
      [finding("key-id", 1, "AKIAQWERTYUIOPASDFGH"), finding("key-secret", 1, "s3cr3tValue/with+chars", {}, "b.env")],
      specs,
    );
    expect(otherFile).toHaveLength(2);
  });
});

describe("dedupeFindings", () => {
  it("keeps the more confident rule when two flag the same span, and prefers the decoded reading on a tie", () => {
    const generic = finding("generic-secret", 4, "tok_9fQ2pL7xKm3Nv8Rt", { confidence: "low" });
    const specific = finding("provider-token", 4, "tok_9fQ2pL7xKm3Nv8Rt", { confidence: "high" });
    expect(dedupeFindings([generic, specific]).map((f) => f.ruleId)).toEqual(["provider-token"]);
    const plain = finding("b-rule", 4, "dG9rXzlmUTJwTDd4S20z");
    const decoded = finding("c-rule", 4, "tok_9fQ2pL7xKm3", { decodedFrom: ["base64"] });
    expect(dedupeFindings([plain, decoded]).map((f) => f.ruleId)).toEqual(["c-rule"]);
  });
});
