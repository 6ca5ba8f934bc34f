import type { Finding, FileState } from "../findings/types.js";
import type { ReportOptions } from "./options.js";
import { detail, paintSeverity, printable, suppressedDetail, type Palette } from "./textFormat.js";
import { shortRef } from "./textHistory.js";

/** The heading of the config-file section of the text report. */
const CONFIG_FILES_HEADING = "Config files that hold secrets";

/** What each file state means, in a few words, for the text report. */
const STATE_LABELS: Record<FileState, string> = {
  tracked: "TRACKED — committed to git",
  untracked: "UNTRACKED — not ignored, one `git add .` away",
  staged: "STAGED — about to be committed",
  committed: "COMMITTED — in git history",
  "outside-repository": "outside a git repository",
};

/** True for a finding about a file itself (a `kind: config-file` rule) rather than a secret inside it. */
export function isConfigFileFinding(finding: Finding): boolean {
  return finding.kind === "config-file";
}

/** Where a committed file stands: at HEAD, on the other refs still holding it (named), removed, or none known. */
function standing(provenance: Extract<Finding["provenance"], { type: "git-blob" }>): string {
  if (provenance.presentAtHead) return "still at HEAD";
  const refs = provenance.refs ?? [];
  if (refs.length > 0) {
    const named = refs.slice(0, 3).map((ref) => printable(shortRef(ref)));
    return `not at HEAD, still on ${named.join(", ")}${refs.length > 3 ? `, +${refs.length - 3} more` : ""}`;
  }
  return provenance.removedBy ? `removed in ${provenance.removedBy.sha.slice(0, 12)}` : "not at HEAD";
}

/** The lines for one config-file finding: path, severity, rule and state, then commit, fingerprint and fix. */
function fileLines(palette: Palette, finding: Finding, options: ReportOptions): string[] {
  const severity = paintSeverity(palette, finding.severity, finding.severity.padEnd(8));
  const rule = `${printable(finding.ruleName)} (${printable(finding.ruleId)})`;
  const lines = [`  ${palette.bold(printable(finding.path))}`, `    ${severity} ${rule}`];
  if (finding.fileState) lines.push(...detail(palette, "state", STATE_LABELS[finding.fileState]));
  const provenance = finding.provenance;
  if (provenance.type === "git-blob" && provenance.introducedBy) {
    const commit = provenance.introducedBy;
    lines.push(
      ...detail(
        palette,
        "commit",
        `${commit.sha.slice(0, 12)} by ${commit.authorName} <${commit.authorEmail}> on ${commit.date}; ${standing(provenance)}`,
      ),
    );
  }
  lines.push(...suppressedDetail(palette, finding));
  lines.push(...detail(palette, "fingerprint", finding.fingerprint));
  if (options.redact === false) lines.push(...detail(palette, "path", finding.secret));
  if (finding.remediation.trim() !== "") lines.push(...detail(palette, "remediation", finding.remediation));
  return lines;
}

/**
 * The "Config files that hold secrets" section: files that should not be in git at all (.env,
 * private keys, keystores …), one block per file with its git state and what to do. These come
 * after the secret findings because they are a different fact: the file, not a value in it.
 * Empty when there are none.
 */
export function configFileSection(palette: Palette, findings: readonly Finding[], options: ReportOptions): string[] {
  if (findings.length === 0) return [];
  const lines = [palette.bold(`${CONFIG_FILES_HEADING} (${findings.length})`)];
  findings.forEach((finding, index) => {
    if (index > 0) lines.push("");
    lines.push(...fileLines(palette, finding, options));
  });
  return lines;
}
