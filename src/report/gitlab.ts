import { jsonText } from "./jsonText.js";
import type { Finding, ScanResult } from "../findings/types.js";
import type { Severity } from "../rules/types.js";
import type { ReportOptions } from "./options.js";
import { prepareReport } from "./prepare.js";

/** The GitLab security report schema version written; its secret-detection shape has been stable since 15.0. */
const GITLAB_SCHEMA_VERSION = "15.2.1";

const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/secret-detection-report-format.json`;

/** GitLab's severities; its schema capitalises them. */
const SEVERITY: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

/** A commit sha for findings that have none (a working-tree file outside git), as GitLab's own analyzer writes. */
const NO_COMMIT = "0000000";

/**
 * Renders GitLab's secret-detection report (`gl-secret-detection-report.json`, declared under
 * `artifacts: reports: secret_detection`), so findings appear in merge requests and the
 * vulnerability report. One vulnerability per finding: a stable id from the fingerprint and commit,
 * the rule as identifier, the redacted preview in the description, never file content and,
 * unless `options.redact` is off, never the secret. The commit is the one that introduced the
 * secret in history scans, else the scanned revision when the result names one, else GitLab's
 * placeholder `0000000`.
 * `options.generatedAt` (the end of the scan) dates the scan; duration comes from the stats.
 */
export function renderGitlab(result: ScanResult, options: ReportOptions): string {
  const end = options.generatedAt ?? new Date(0);
  const start = new Date(end.getTime() - result.stats.durationMs);
  const tool = { id: "secretscan", name: "secretscan", version: result.tool.version, vendor: { name: "secretscan" } };
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    schema: SCHEMA_URL,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: "secret_detection",
      start_time: gitlabTime(start),
      end_time: gitlabTime(end),
      status: "success",
    },
    vulnerabilities: prepareReport(result).findings.map((finding) =>
      vulnerability(finding, result.versionControl?.revisionId ?? NO_COMMIT, options.redact),
    ),
  };
  return jsonText(report);
}

/** One vulnerability; with redaction off (`--no-redact`), the secret goes where GitLab's own analyzer puts it, `raw_source_code_extract`. */
function vulnerability(finding: Finding, headSha: string, redact: boolean): Record<string, unknown> {
  const provenance = finding.provenance;
  const commit = provenance.type === "git-blob" && provenance.introducedBy ? provenance.introducedBy : undefined;
  return {
    id: uuidOf(`${finding.fingerprint}:${commit?.sha ?? ""}:${finding.location.startLine}`),
    name: finding.ruleName.slice(0, 255),
    description: `${finding.ruleName} (${finding.ruleId}), ${finding.kind}: ${finding.preview}`,
    severity: SEVERITY[finding.severity],
    solution: finding.remediation.slice(0, 7000),
    identifiers: [{ type: "secretscan_rule_id", name: `secretscan rule ${finding.ruleId}`, value: finding.ruleId }],
    ...(redact ? {} : { raw_source_code_extract: finding.secret }),
    location: {
      file: finding.path,
      start_line: finding.location.startLine,
      end_line: finding.location.endLine,
      commit: commit
        ? { sha: commit.sha, author: commit.authorName, date: commit.date, message: commit.subject }
        : { sha: headSha },
    },
  };
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the only time form the schema accepts (no zone, no fraction). */
function gitlabTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** A UUID-shaped id from a hex fingerprint key, so a finding keeps its id across pipelines. */
function uuidOf(key: string): string {
  let hex = "";
  for (let seed = 0; hex.length < 32; seed++) hex += fnv1a(`${seed}:${key}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** 32-bit FNV-1a as eight hex digits: a pure, dependency-free hash for ids (not for security). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}
