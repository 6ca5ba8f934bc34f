import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";

/**
 * A report's secret hash and fingerprint must not let anyone holding the report test a dictionary
 * against them: no format carries a fast hash (SHA-256, SHA-1, MD5) of a weak secret, nor the old
 * fingerprint that derived from one. Ignore files written with the old fingerprints still apply.
 */
const WEAK = "password123";
const RULE_ID = "weak-password";
const CONFIG = [
  "useDefaultRules: false",
  "rules:",
  `  - id: ${RULE_ID}`,
  "    name: Weak password",
  "    description: a password assignment",
  "    kind: password",
  "    severity: high",
  "    keywords: ['pw=']",
  "    pattern: 'pw=(?<secret>[a-z0-9]{8,})'",
  "",
].join("\n");

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest("hex");

/** The fingerprint reports carried when the secret hash was a plain SHA-256. */
function legacyFingerprint(path: string): string {
  return hex("sha256", `${RULE_ID}\0${hex("sha256", WEAK)}\0${path}`).slice(0, 32);
}

function project(): string {
  const dir = tempDir();
  writeFiles(dir, { ".secretscanrc.yaml": CONFIG, "app.ini": `pw=${WEAK}\n` });
  return dir;
}

describe("secret hashes and fingerprints in reports", () => {
  it("no report format or baseline holds a fast hash of a weak secret, or the fingerprint made from one", () => {
    const dir = project();
    const fastHashes = [
      hex("sha256", WEAK),
      hex("sha1", WEAK),
      hex("md5", WEAK),
      legacyFingerprint("app.ini"),
      hex("sha256", WEAK).slice(0, 32),
    ];
    const outputs = ["text", "json", "sarif", "csv", "gitlab", "html"].map((format) => {
      const run = runCli(["scan", ".", "-f", format, "--no-redact"], dir);
      expect(run.status).toBe(1);
      return run.stdout;
    });
    expect(runCli(["baseline", "-o", "baseline.json"], dir).status).toBe(0);
    outputs.push(readFileSync(join(dir, "baseline.json"), "utf8"));
    expect(outputs[1]).toContain('"secretHash"');
    for (const output of outputs) for (const hash of fastHashes) expect(output).not.toContain(hash);
  });

  it("an ignore file written with the old fingerprint still suppresses, and is not called stale", () => {
    const dir = project();
    writeFiles(dir, { ".secretscanignore": `${legacyFingerprint("app.ini")} # written by an older secretscan\n` });
    const run = runCli(["scan", ".", "-f", "json"], dir);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; hints: Array<{ code: string }> };
    expect(report.findings).toEqual([]);
    expect(report.hints.map((hint) => hint.code)).not.toContain("stale-ignore-entry");
    expect(run.stdout).not.toContain(legacyFingerprint("app.ini"));
  });

  it("SARIF partialFingerprints are stable across runs and match the printed fingerprint", () => {
    const dir = project();
    const sarifFingerprints = () => {
      const log = JSON.parse(runCli(["scan", ".", "-f", "sarif"], dir).stdout) as {
        runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }>;
      };
      return log.runs[0]?.results.map((result) => result.partialFingerprints);
    };
    const first = sarifFingerprints();
    expect(first).toHaveLength(1);
    expect(sarifFingerprints()).toEqual(first);
    const json = JSON.parse(runCli(["scan", ".", "-f", "json"], dir).stdout) as {
      findings: Array<{ fingerprint: string }>;
    };
    expect(Object.values(first?.[0] ?? {})).toEqual([json.findings[0]?.fingerprint]);
  });

  it("SECRETSCAN_HASH_KEY keys the hash: stable under one key, different under another", () => {
    const dir = project();
    const hashOf = (key?: string) => {
      const env = key === undefined ? {} : { SECRETSCAN_HASH_KEY: key };
      const report = JSON.parse(runCli(["scan", ".", "-f", "json"], dir, undefined, env).stdout) as {
        findings: Array<{ secretHash: string; fingerprint: string }>;
      };
      return report.findings[0];
    };
    const unkeyed = hashOf();
    const keyed = hashOf("org-key-1");
    expect(hashOf("org-key-1")).toEqual(keyed);
    expect(keyed?.secretHash).not.toBe(unkeyed?.secretHash);
    expect(hashOf("org-key-2")?.secretHash).not.toBe(keyed?.secretHash);
    expect(keyed?.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
