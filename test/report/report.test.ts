import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/findings/types.js";
import { isReportFormat, renderReport, REPORT_FORMATS } from "../../src/report/index.js";
import { renderGitlab } from "../../src/report/gitlab.js";
import { renderJson } from "../../src/report/json.js";
import { renderSarif } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { CONTENT_MARKER, richResult, SAFE, SECRETS } from "./builders.js";

const OPEN = { redact: false, color: false };

/** A copy of `result` with every list reversed, so sorting is what restores the order. */
function reversed(result: ScanResult): ScanResult {
  return {
    ...result,
    findings: [...result.findings].reverse(),
    diagnostics: [...result.diagnostics].reverse(),
    hints: [...result.hints, { code: "a-hint", message: "first by code" }].reverse(),
    rules: [...result.rules].reverse(),
  };
}

describe("renderReport", () => {
  it("dispatches to the reporter for each format", () => {
    const result = richResult();
    expect(renderReport("text", result, SAFE)).toBe(renderText(result, SAFE));
    expect(renderReport("json", result, SAFE)).toBe(renderJson(result, SAFE));
    expect(renderReport("sarif", result, SAFE)).toBe(renderSarif(result, SAFE));
    expect(renderReport("gitlab", result, SAFE)).toBe(renderGitlab(result, SAFE));
  });

  it("recognises format names", () => {
    expect(REPORT_FORMATS.every(isReportFormat)).toBe(true);
    expect(isReportFormat("xml")).toBe(false);
  });

  it.each(REPORT_FORMATS)("%s: never prints a full secret when redaction is on", (format) => {
    const output = renderReport(format, richResult(), SAFE);
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    const coloured = renderReport(format, richResult(), { redact: true, color: true });
    for (const secret of Object.values(SECRETS)) expect(coloured).not.toContain(secret);
  });

  it.each(REPORT_FORMATS.filter((format) => format !== "html"))(
    "%s: prints every secret when redaction is off",
    (format) => {
      const output = renderReport(format, richResult(), OPEN);
      for (const secret of Object.values(SECRETS)) expect(output).toContain(secret);
    },
  );

  it("html: never prints a secret, even with redaction off, because the file is made to be shared", () => {
    const output = renderReport("html", richResult(), OPEN);
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  });

  it.each(["json", "sarif", "gitlab"] as const)("%s: never carries the redacted line (file content)", (format) => {
    for (const options of [SAFE, OPEN]) {
      const output = renderReport(format, richResult(), options);
      expect(output).not.toContain(CONTENT_MARKER);
      expect(output).not.toContain("redactedLine");
    }
    expect(renderReport("text", richResult(), SAFE)).toContain(CONTENT_MARKER);
  });

  it.each(REPORT_FORMATS)("%s: output does not depend on input order", (format) => {
    const result = richResult();
    result.hints.push({ code: "a-hint", message: "first by code" });
    expect(renderReport(format, reversed(richResult()), OPEN)).toBe(renderReport(format, result, OPEN));
  });

  it.each(REPORT_FORMATS)("%s: does not modify the result", (format) => {
    const result = richResult();
    const before = structuredClone(result);
    renderReport(format, reversed(result), OPEN);
    expect(result).toEqual(before);
  });
});
