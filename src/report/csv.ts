import { groupSecrets, type SecretEntry } from "../findings/secrets.js";
import type { RuleInfo, ScanResult } from "../findings/types.js";
import type { ReportOptions } from "./options.js";
import { prepareReport } from "./prepare.js";

const HEADER = [
  "state",
  "severity",
  "confidence",
  "rule_id",
  "rule_name",
  "kind",
  "preview",
  "secret_hash",
  "occurrences",
  "paths",
  "head_paths",
  "refs",
  "pushed",
  "first_commit",
  "first_commit_author",
  "first_commit_date",
  "last_commit",
  "last_held",
  "last_held_author",
  "last_held_date",
  "removed_by",
  "exposed_days",
  "fingerprint",
  "remediation",
  "references",
] as const;

/** The column added when one run audited several repositories: where each secret occurs. */
const REPOSITORIES = "repositories";
/** Control characters other than tab and newline (CR included), and bidi controls: written as `\uXXXX` so a CSV printed to a terminal cannot drive it. */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`:
 * paths and commit authors come from the scanned repository, which an attacker may control.
 */
function csvCell(value: string): string {
  const shown = value.replace(TERMINAL_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const safe = /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(secret: SecretEntry, rulesById: ReadonlyMap<string, RuleInfo>, redact: boolean): string[] {
  const first = secret.occurrences[0];
  return [
    secret.state,
    secret.severity,
    secret.confidence,
    secret.ruleId,
    secret.ruleName,
    secret.kind,
    redact || !first ? secret.preview : first.secret,
    secret.secretHash,
    String(secret.occurrences.length),
    secret.paths.join("; "),
    secret.headPaths.join("; "),
    secret.refs.join("; "),
    secret.reachableFrom.length ? String(secret.isPushed) : "",
    secret.firstCommit?.sha ?? "",
    secret.firstCommit ? `${secret.firstCommit.authorName} <${secret.firstCommit.authorEmail}>` : "",
    secret.firstCommit?.date ?? "",
    secret.lastCommit?.sha ?? "",
    secret.lastHeld?.sha ?? "",
    secret.lastHeld ? `${secret.lastHeld.authorName} <${secret.lastHeld.authorEmail}>` : "",
    secret.lastHeld?.date ?? "",
    secret.removedBy?.sha ?? "",
    secret.exposedDays === undefined ? "" : String(secret.exposedDays),
    first?.fingerprint ?? "",
    secret.remediation,
    (rulesById.get(secret.ruleId)?.references ?? []).join(" "),
  ];
}

/**
 * Renders one row per distinct secret (see `groupSecrets`), most urgent first, under a header row:
 * for spreadsheets and ticket imports. The secret appears only as its preview unless redaction is
 * off. Lines end in CRLF, as RFC 4180 asks.
 */
export function renderCsv(result: ScanResult, options: ReportOptions): string {
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  const secrets = groupSecrets(prepareReport(result).findings);
  const isAudit = secrets.some((secret) => secret.repositories.length > 0);
  const lines = [
    [...HEADER, ...(isAudit ? [REPOSITORIES] : [])].join(","),
    ...secrets.map((secret) =>
      [...row(secret, rulesById, options.redact), ...(isAudit ? [secret.repositories.join("; ")] : [])]
        .map(csvCell)
        .join(","),
    ),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
