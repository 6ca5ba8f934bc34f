import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/report/json.js";
import { describeErrors, reportSchemaId, reportValidator } from "../helpers/ajv.js";
import { makeFinding, makeResult, richResult, SAFE, SECRETS } from "./builders.js";

const validate = reportValidator();

function jsonOf(text: string): any {
  return JSON.parse(text);
}

describe("renderJson", () => {
  it("validates against schemas/report.schema.json with redaction on and off", () => {
    for (const redact of [true, false]) {
      const report = jsonOf(renderJson(richResult(), { redact, color: false }));
      expect(validate(report), describeErrors(validate.errors)).toBe(true);
    }
  });

  it("validates for a scan with nothing to report", () => {
    const report = jsonOf(renderJson(makeResult([]), SAFE));
    expect(validate(report), describeErrors(validate.errors)).toBe(true);
    expect(report.summary.findings).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it("rejects shapes the schema does not describe", () => {
    const report = jsonOf(renderJson(richResult(), SAFE));
    report.findings[0].redactedLine = "const key = …";
    expect(validate(report)).toBe(false);
  });

  it("writes the documented top-level shape and summary", () => {
    const report = jsonOf(renderJson(richResult(), SAFE));
    expect(Object.keys(report)).toEqual([
      "$schema",
      "version",
      "tool",
      "summary",
      "findings",
      "secrets",
      "diagnostics",
      "hints",
    ]);
    expect(report.$schema).toBe(reportSchemaId());
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: "secretscan", version: "0.1.0" });
    expect(report.summary).toEqual({
      findings: 5,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 1, info: 0 },
      files: 12,
      bytes: 4198,
      blobs: 0,
      rules: 5,
      durationMs: 35,
      suppressed: 0,
    });
    expect(report.hints).toEqual([{ code: "stale-ignore", message: expect.stringContaining("matched nothing") }]);
  });

  it("writes each finding with user-facing keys, rounded entropy and provenance as given", () => {
    const report = jsonOf(renderJson(richResult(), SAFE));
    const git = report.findings.find((f: any) => f.ruleId === "generic-password");
    expect(Object.keys(git)).toEqual([
      "ruleId",
      "ruleName",
      "kind",
      "severity",
      "confidence",
      "path",
      "location",
      "preview",
      "secretHash",
      "fingerprint",
      "entropy",
      "remediation",
      "provenance",
    ]);
    expect(git.entropy).toBe(4.123);
    expect(git.location).toEqual({
      startLine: 12,
      startColumn: 20,
      endLine: 12,
      endColumn: 20 + SECRETS.password.length,
    });
    expect(git.provenance).toEqual(richResult().findings[2]?.provenance);
  });

  it("adds `secret` only when redaction is off", () => {
    const redacted = jsonOf(renderJson(richResult(), SAFE));
    expect(redacted.findings.every((f: any) => !("secret" in f))).toBe(true);
    const open = jsonOf(renderJson(richResult(), { redact: false, color: false }));
    expect(open.findings.find((f: any) => f.ruleId === "aws-access-key-id").secret).toBe(SECRETS.aws);
  });

  it("sorts findings by path, line, column and rule id", () => {
    const findings = [
      makeFinding("github-pat", SECRETS.github, "b.txt", 1, 1),
      makeFinding("aws-access-key-id", SECRETS.aws, "a.txt", 10, 1),
      makeFinding("generic-password", SECRETS.password, "a.txt", 2, 5),
      makeFinding("aws-access-key-id", SECRETS.aws, "a.txt", 2, 5),
      makeFinding("github-pat", SECRETS.github, "a.txt", 2, 1),
    ];
    const report = jsonOf(renderJson(makeResult(findings), SAFE));
    expect(
      report.findings.map((f: any) => `${f.path}:${f.location.startLine}:${f.location.startColumn}:${f.ruleId}`),
    ).toEqual([
      "a.txt:2:1:github-pat",
      "a.txt:2:5:aws-access-key-id",
      "a.txt:2:5:generic-password",
      "a.txt:10:1:aws-access-key-id",
      "b.txt:1:1:github-pat",
    ]);
  });

  it("is pretty-printed with two spaces and ends with a newline", () => {
    const text = renderJson(makeResult([]), SAFE);
    expect(text.startsWith('{\n  "$schema": ')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });
});
