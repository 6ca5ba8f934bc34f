import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_CONFIG } from "../helpers/gitRepo.js";

/** A private key in OpenSSH form (synthetic, not a usable key). */
export const PRIVATE_KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";

/** A PEM file with only a certificate (synthetic). */
export const CERTIFICATE =
  "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n";

/** The start of a PKCS#12 bundle (SEQUENCE, 2-byte length, INTEGER version 3): binary, with NUL bytes. */
export const BINARY = Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x00, 0xff]);

/** Bytes with a keystore's name but no keystore structure (random, with a NUL so they are binary). */
export const NOT_A_KEYSTORE = Buffer.from([0x8f, 0x00, 0x3c, 0x91, 0x17, 0xe2, 0x55, 0x00, 0xa4, 0x0b, 0x6e, 0xc1]);

/**
 * A config with the one-rule test content rule (`test-ghp`) plus every built-in file rule from
 * rules/config-files.yaml, and no other built-in rule, so tests do not depend on the rest of the pack.
 */
function configFilesConfig(): string {
  const yaml = readFileSync(fileURLToPath(new URL("../../rules/config-files.yaml", import.meta.url)), "utf8");
  const rules = yaml.slice(yaml.indexOf("\nrules:\n") + "\nrules:\n".length);
  return `${TEST_CONFIG}${rules}`;
}

/** Writes `configFilesConfig()` into `dir` and returns its path. */
export function writeConfigFilesConfig(dir: string): string {
  const path = join(dir, "config-files-test.yaml");
  writeFileSync(path, configFilesConfig());
  return path;
}

/** A JSON report's findings, reduced to what these tests compare. */
export interface FileFindingView {
  path: string;
  ruleId: string;
  kind: string;
  fileState?: string;
  location: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  provenance: { type: string; introducedBy?: { sha: string }; removedBy?: { sha: string }; presentAtHead?: boolean };
}

/** Parses a JSON report and returns its config-file findings by path. */
export function configFileFindings(stdout: string): Map<string, FileFindingView> {
  const report = JSON.parse(stdout) as { findings: FileFindingView[] };
  return new Map(
    report.findings.filter((finding) => finding.kind === "config-file").map((finding) => [finding.path, finding]),
  );
}
