import { describe, expect, it } from "vitest";
import { MAX_SARIF_RESULTS, renderSarif } from "../../src/report/sarif.js";
import { describeErrors, sarifValidator } from "../helpers/ajv.js";
import { makeFinding, makeResult, richResult, SAFE, SECRETS } from "./builders.js";

const validate = sarifValidator();

/** Parses a rendered SARIF log; `any` keeps the assertions readable. */
function sarifOf(text: string): any {
  return JSON.parse(text);
}

/** Every object key anywhere in a JSON value. */
function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) allKeys(item, keys);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      keys.add(key);
      allKeys(child, keys);
    }
  }
  return keys;
}

describe("renderSarif", () => {
  it("produces a log valid against the official SARIF 2.1.0 schema", () => {
    for (const redact of [true, false]) {
      const log = sarifOf(renderSarif(richResult(), { redact, color: false }));
      expect(validate(log), describeErrors(validate.errors)).toBe(true);
      expect(log.version).toBe("2.1.0");
      expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
      expect(log.runs).toHaveLength(1);
    }
  });

  it("produces a valid log for a scan with no findings, diagnostics or hints", () => {
    const log = sarifOf(renderSarif(makeResult([]), SAFE));
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it("percent-encodes each path segment and keeps the slashes", () => {
    const log = sarifOf(renderSarif(richResult(), SAFE));
    const uris = log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain("docs/my%20notes%20%231/%D0%BA%D0%BB%D1%8E%D1%87%25%3F.md");
    expect(uris).toContain("config/prod.env");
    for (const result of log.runs[0].results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe("%SRCROOT%");
    }
  });

  it("maps %SRCROOT% to the scan root as a file URL ending in a slash", () => {
    const log = sarifOf(renderSarif(richResult(), SAFE));
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/dev/projects/my%20app/" } });
  });

  it("maps severities to levels: critical/high error, medium warning, low/info note", () => {
    const findings = (["critical", "high", "medium", "low", "info"] as const).map((severity, index) =>
      makeFinding("github-pat", SECRETS.github, `f${index}.txt`, 1, 1, { severity }),
    );
    const log = sarifOf(renderSarif(makeResult(findings), SAFE));
    expect(log.runs[0].results.map((r: any) => r.level)).toEqual(["error", "error", "warning", "note", "note"]);
  });

  it("describes each used rule once, sorted by id, and points results at their rule", () => {
    const log = sarifOf(renderSarif(richResult(), SAFE));
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual([
      "aws-access-key-id",
      "generic-password",
      "github-pat",
      "stripe-secret-key",
    ]);
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);
    const aws = rules[0];
    expect(aws.name).toBe("AwsAccessKeyId");
    expect(aws.shortDescription.text).toBe("AWS Access Key ID");
    expect(aws.helpUri).toBe("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html");
    expect(aws.help.text).toContain("Deactivate the key in IAM");
    expect(aws.help.markdown).toContain("**Remediation:**");
    expect(aws.defaultConfiguration.level).toBe("error");
    expect(aws.properties).toEqual({
      tags: ["security", "secret", "identifier"],
      "security-severity": "9.5",
      precision: "very-high",
      kind: "identifier",
    });
    expect(rules[1].properties["security-severity"]).toBe("5.5");
    expect(rules[1].helpUri).toBeUndefined();
    const stripe = rules[3];
    expect(stripe.properties.tags).toEqual(["security", "secret"]);
    expect(stripe.properties.precision).toBe("medium");
    expect(stripe.properties["security-severity"]).toBe("3.0");
  });

  it("describes a rule missing from result.rules from its finding", () => {
    const log = sarifOf(
      renderSarif(makeResult([makeFinding("github-pat", SECRETS.github, "a.txt", 1, 1)], { rules: [] }), SAFE),
    );
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({
      id: "github-pat",
      shortDescription: { text: "GitHub personal access token" },
    });
  });

  it("adds partial fingerprints, finding properties and git provenance", () => {
    const result = richResult();
    const log = sarifOf(renderSarif(result, SAFE));
    const fromGit = log.runs[0].results.find((r: any) => r.ruleId === "generic-password");
    const finding = result.findings.find((f) => f.ruleId === "generic-password");
    expect(fromGit.partialFingerprints).toEqual({ "secretscan/v2": finding?.fingerprint });
    expect(fromGit.properties).toMatchObject({
      kind: "password",
      severity: "medium",
      confidence: "high",
      secretHash: finding?.secretHash,
      provenance: "git-blob",
      blobId: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
      commitSha: "9fceb02d0ae598e95dc970b74767f19372d61af8",
      author: "Dana Developer <dana@example.com>",
      date: "2024-05-01T10:00:00+02:00",
    });
    for (const r of log.runs[0].results) expect(r.partialFingerprints["secretscan/v2"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("says what was found with the preview and the remediation", () => {
    const log = sarifOf(renderSarif(richResult(), SAFE));
    const aws = log.runs[0].results.find((r: any) => r.ruleId === "aws-access-key-id");
    expect(aws.message.text).toBe(
      'Found AWS Access Key ID (identifier, critical): "AKIA…". Deactivate the key in IAM, create a new one and move it to a secret store.',
    );
  });

  it("clamps regions to valid 1-based values", () => {
    const finding = makeFinding("github-pat", SECRETS.github, "a.txt", 1, 1, {
      location: { startLine: 0, startColumn: 0, endLine: 0, endColumn: -3 },
    });
    const log = sarifOf(renderSarif(makeResult([finding]), SAFE));
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
    });
  });

  it("reports diagnostics as execution notifications and hints as configuration notifications", () => {
    const invocation = sarifOf(renderSarif(richResult(), SAFE)).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "note",
        message: { text: "assets/logo.png: binary: skipped binary file" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "assets/logo.png", uriBaseId: "%SRCROOT%" } } }],
        properties: { reason: "binary" },
      },
      {
        level: "warning",
        message: { text: "data/dump.sql: too-large: file is 80 MB, limit is 10 MB" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "data/dump.sql", uriBaseId: "%SRCROOT%" } } }],
        properties: { reason: "too-large" },
      },
    ]);
    expect(invocation.toolConfigurationNotifications[0]).toMatchObject({
      level: "note",
      properties: { code: "stale-ignore" },
    });
  });

  it("keeps a run within GitHub's 25,000 results, the most severe, and says how many it left out", () => {
    const low = Array.from({ length: MAX_SARIF_RESULTS }, (_, index) =>
      makeFinding("generic-password", `hunter${index}`, `docs/page${index}.html`, 3, 5, { severity: "low" }),
    );
    const severe = makeFinding("github-pat", "ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "zz/last.env", 1, 1);
    const log = sarifOf(renderSarif(makeResult([...low, severe]), SAFE));
    const run = log.runs[0];
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results.at(-1).ruleId).toBe("github-pat");
    // Among equals, the last in report order is left out: docs/page9999.html sorts last.
    expect(run.results.at(-2).locations[0].physicalLocation.artifactLocation.uri).toBe("docs/page9998.html");
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(["generic-password", "github-pat"]);
    expect(run.invocations[0].toolConfigurationNotifications).toContainEqual({
      level: "warning",
      message: { text: expect.stringMatching(/^1 of 25001 results left out, the least severe/) },
      properties: { code: "sarif-results-capped" },
    });
    const full = sarifOf(renderSarif(makeResult(low), SAFE));
    expect(full.runs[0].results).toHaveLength(MAX_SARIF_RESULTS);
    expect(full.runs[0].invocations[0].toolConfigurationNotifications).toEqual([]);
  });

  it("never carries file content (no snippet, no contextRegion)", () => {
    const keys = allKeys(sarifOf(renderSarif(richResult(), { redact: false, color: false })));
    expect(keys.has("snippet")).toBe(false);
    expect(keys.has("contextRegion")).toBe(false);
  });

  it("names the identifier paired with a secret as a related location, redacted, on its own line", () => {
    const paired = makeFinding("generic-password", SECRETS.password, "config/aws.env", 4, 22, {
      pairedWith: {
        ruleId: "aws-access-key-id",
        preview: "AKIA…",
        secretHash: "0".repeat(64),
        location: { startLine: 3, startColumn: 19, endLine: 3, endColumn: 39 },
      },
    });
    const log = sarifOf(renderSarif(makeResult([paired]), SAFE));
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    const [related] = log.runs[0].results[0].relatedLocations;
    expect(related.physicalLocation).toEqual({
      artifactLocation: { uri: "config/aws.env", uriBaseId: "%SRCROOT%" },
      region: { startLine: 3, startColumn: 19, endLine: 3, endColumn: 39 },
    });
    expect(related.message.text).toContain("aws-access-key-id");
    expect(JSON.stringify(log)).not.toContain(SECRETS.password);
  });
});
