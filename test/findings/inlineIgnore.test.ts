import { describe, expect, it } from "vitest";
import { inlineSuppression, parseInlineMarkers } from "../../src/findings/inlineIgnore.js";

const SECRET = "tsk_Ab3dEf9hIjK1mNoPqR5tUvWx";

/** The reason a marker on `line` (same line) or `previous` (line before) gives a finding of `ruleId`. */
function reasonFor(line: string, previous?: string, ruleId = "test-token"): string | undefined {
  return inlineSuppression({ findingLines: [line], previousLine: previous }, ruleId, SECRET);
}

describe("inline ignore markers", () => {
  it.each([
    [`x = "${SECRET}" # secretscan:allow`, "secretscan:allow"],
    [`x = "${SECRET}" // gitleaks:allow`, "gitleaks:allow"],
    [`x = "${SECRET}" # trufflehog:ignore`, "trufflehog:ignore"],
    [`x = "${SECRET}" # pragma: allowlist secret`, "pragma: allowlist secret"],
    [`x = "${SECRET}" // secretlint-disable-line`, "secretlint-disable-line"],
    [`x = "${SECRET}" # kingfisher:ignore`, "kingfisher:ignore"],
  ])("a same-line marker suppresses: %s", (line, token) => {
    expect(reasonFor(line)).toBe(token);
  });

  it.each([
    ["# secretscan:allow-next-line", "secretscan:allow-next-line"],
    ["# pragma: allowlist nextline secret", "pragma: allowlist nextline secret"],
    ["// secretlint-disable-next-line", "secretlint-disable-next-line"],
  ])("a next-line marker on the line before suppresses: %s", (previous, token) => {
    expect(reasonFor(`x = "${SECRET}"`, previous)).toBe(token);
  });

  it("does not apply a same-line marker from the line before, nor a next-line marker on the same line", () => {
    expect(reasonFor(`x = "${SECRET}"`, "y = 1 # secretscan:allow")).toBeUndefined();
    expect(reasonFor(`x = "${SECRET}" # secretscan:allow-next-line`)).toBeUndefined();
    expect(reasonFor(`x = "${SECRET}"`)).toBeUndefined();
  });

  it("limits a marker that names rule ids to those rules and keeps its reason", () => {
    const line = `password = "${SECRET}" # secretscan:allow generic-password, test-token -- test fixture`;
    expect(parseInlineMarkers(line)).toEqual([
      { token: "secretscan:allow", scope: "line", ruleIds: ["generic-password", "test-token"], reason: "test fixture" },
    ]);
    expect(reasonFor(line)).toBe("secretscan:allow generic-password, test-token -- test fixture");
    expect(reasonFor(`x = "${SECRET}" # secretscan:allow generic-password`)).toBeUndefined();
  });

  it("strips block comment closers and never echoes the secret in the reason", () => {
    expect(parseInlineMarkers("/* secretscan:allow test-token */")[0]?.ruleIds).toEqual(["test-token"]);
    expect(parseInlineMarkers("<!-- secretscan:allow -- docs -->")[0]?.reason).toBe("docs");
    const reason = reasonFor(`# secretscan:allow -- old value was ${SECRET}`);
    expect(reason).toBeDefined();
    expect(reason).not.toContain(SECRET);
  });

  it("does not mistake longer words for markers", () => {
    expect(parseInlineMarkers("secretscan:allowed gitleaks:allowance")).toEqual([]);
  });
});
