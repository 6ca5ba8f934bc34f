import { createHash } from "node:crypto";
import type { Finding, RuleInfo, ScanResult } from "../../src/findings/types.js";
import type { ReportOptions } from "../../src/report/options.js";

/** SHA-256 hex of a string, as the engine computes secret hashes. */
function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Synthetic secrets: realistic in shape, never real. */
export const SECRETS = {
  aws: "AKIAQ7EXAMPLE3KEY9ZZ",
  github: "ghp_R4nd0mSynth3t1cT0k3nV4lu3F0rT3sts00",
  password: "hunter2-Correct-Horse-Battery",
  stripe: "sk_live_51SynthEticStripeKeyForTests0000",
} as const;

/** Marks file content in `redactedLine` so tests can prove JSON and SARIF never carry it. */
export const CONTENT_MARKER = "LINE_CONTEXT_MARKER";

/** Rule metadata for the rules the builders use. */
export const RULES: Record<string, RuleInfo> = {
  "aws-access-key-id": {
    id: "aws-access-key-id",
    name: "AWS Access Key ID",
    description: "An AWS access key id (AKIA…), which together with its secret key grants API access.",
    kind: "identifier",
    severity: "critical",
    confidence: "high",
    references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
    remediation: "Deactivate the key in IAM, create a new one and move it to a secret store.",
  },
  "github-pat": {
    id: "github-pat",
    name: "GitHub personal access token",
    description: "A classic GitHub personal access token.",
    kind: "token",
    severity: "high",
    confidence: "high",
    references: ["https://docs.github.com/en/authentication", "not a url"],
    remediation: "Revoke the token at github.com/settings/tokens.",
  },
  "generic-password": {
    id: "generic-password",
    name: "Password assignment",
    description: "A password assigned to a variable.",
    kind: "password",
    severity: "medium",
    confidence: "high",
    references: [],
    remediation: "Move the password to an environment variable.\nRotate it if it was ever pushed.",
  },
  "stripe-secret-key": {
    id: "stripe-secret-key",
    name: "Stripe secret key",
    description: "A live Stripe secret key.",
    kind: "secret",
    severity: "low",
    confidence: "low",
    references: [],
    remediation: "Roll the key in the Stripe dashboard.",
  },
  "unused-rule": {
    id: "unused-rule",
    name: "Unused rule",
    description: "A rule that matched nothing.",
    kind: "config-file",
    severity: "info",
    confidence: "high",
    references: [],
    remediation: "",
  },
};

/** A finding for `ruleId` holding `secret` at `path:line:column`, with every field filled in. */
export function makeFinding(
  ruleId: keyof typeof RULES & string,
  secret: string,
  path: string,
  line: number,
  column: number,
  overrides: Partial<Finding> = {},
): Finding {
  const rule = RULES[ruleId] as RuleInfo;
  const preview = `${secret.slice(0, 4)}…`;
  const secretHash = sha256(secret);
  return {
    ruleId,
    ruleName: rule.name,
    kind: rule.kind,
    severity: rule.severity,
    confidence: "high",
    path,
    location: { startLine: line, startColumn: column, endLine: line, endColumn: column + secret.length },
    secret,
    preview,
    secretHash,
    fingerprint: sha256(`${ruleId}:${secretHash}:${path}`).slice(0, 32),
    entropy: 4.123456789,
    remediation: rule.remediation,
    provenance: { type: "file", path },
    redactedLine: `${" ".repeat(column - 1)}${preview} // ${CONTENT_MARKER}`,
    ...overrides,
  };
}

/** A scan result with the given findings and sensible stats; any field can be overridden. */
export function makeResult(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    tool: { name: "secretscan", version: "0.1.0" },
    root: "/home/dev/projects/my app",
    findings,
    diagnostics: [],
    stats: { files: 12, bytes: 4198, blobs: 0, rules: Object.keys(RULES).length, durationMs: 35.4 },
    hints: [],
    rules: Object.values(RULES),
    ...overrides,
  };
}

/** A rich result: four rules, five findings across files, git history and the index, plus diagnostics and hints. */
export function richResult(): ScanResult {
  return makeResult(
    [
      makeFinding("aws-access-key-id", SECRETS.aws, "config/prod.env", 3, 19),
      makeFinding("github-pat", SECRETS.github, "config/prod.env", 7, 14),
      makeFinding("generic-password", SECRETS.password, "src/db.ts", 12, 20, {
        provenance: {
          type: "git-blob",
          path: "src/db.ts",
          blobId: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
          introducedBy: {
            sha: "9fceb02d0ae598e95dc970b74767f19372d61af8",
            authorName: "Dana Developer",
            authorEmail: "dana@example.com",
            date: "2024-05-01T10:00:00+02:00",
            subject: "Add database config",
          },
        },
      }),
      makeFinding("stripe-secret-key", SECRETS.stripe, "billing/keys.json", 2, 11, {
        confidence: "low",
        provenance: { type: "index", path: "billing/keys.json", blobId: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" },
      }),
      makeFinding("github-pat", SECRETS.github, "docs/my notes #1/ключ%?.md", 1, 1),
    ],
    {
      diagnostics: [
        { path: "assets/logo.png", reason: "binary", message: "skipped binary file", level: "note" },
        { path: "data/dump.sql", reason: "too-large", message: "file is 80 MB, limit is 10 MB", level: "warning" },
      ],
      hints: [
        { code: "stale-ignore", message: "Ignore entry 0a1b2c matched nothing; remove it from .secretscanignore." },
      ],
    },
  );
}

/** Report options with redaction on and colour off, the safe defaults. */
export const SAFE: ReportOptions = { redact: true, color: false };
