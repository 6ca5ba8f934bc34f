import type { Finding, ScanResult } from "../findings/types.js";
import type { Hint } from "../problems.js";
import type { Diagnostic } from "../sources/types.js";
import type { ReportOptions } from "./options.js";
import { placeOf } from "./place.js";
import { countBySeverity, prepareReport } from "./prepare.js";
import { configFileSection, isConfigFileFinding } from "./textConfigFiles.js";
import { historySecrets, historySection, repeatedSecrets, secretDetails } from "./textHistory.js";
import {
  detail,
  makePalette,
  paintSeverity,
  plural,
  printable,
  summaryLine,
  suppressedDetail,
  type Palette,
} from "./textFormat.js";

/** Where in git the finding lives, when it came from history or the index. */
function provenanceDetail(palette: Palette, finding: Finding): string[] {
  const provenance = finding.provenance;
  if (provenance.type === "index") return detail(palette, "staged", `blob ${provenance.blobId.slice(0, 12)}`);
  if (provenance.type !== "git-blob") return [];
  const commit = provenance.introducedBy;
  if (!commit) return detail(palette, "blob", provenance.blobId);
  const who = `${commit.authorName} <${commit.authorEmail}>`;
  return detail(
    palette,
    "commit",
    `${commit.sha.slice(0, 12)} by ${who} on ${commit.date} (blob ${provenance.blobId.slice(0, 12)})`,
  );
}

/** The lines for one finding: a header, then its line, secret (if shown), provenance, fingerprint, fix. */
function findingLines(palette: Palette, finding: Finding, options: ReportOptions): string[] {
  const { startLine, startColumn } = finding.location;
  const severity = paintSeverity(palette, finding.severity, finding.severity.padEnd(8));
  const rule = `${printable(finding.ruleName)} (${printable(finding.ruleId)})`;
  const lines = [`  ${`${startLine}:${startColumn}`.padEnd(9)} ${severity} ${palette.bold(rule)}  ${finding.kind}`];
  lines.push(...detail(palette, "line", finding.redactedLine));
  if (!options.redact) lines.push(...detail(palette, "secret", finding.secret));
  if (finding.pairedWith)
    lines.push(
      ...detail(
        palette,
        "paired",
        `with ${finding.pairedWith.ruleId} ${finding.pairedWith.preview} at line ${finding.pairedWith.location.startLine}: together they are a working credential`,
      ),
    );
  if (finding.decodedFrom)
    lines.push(...detail(palette, "decoded", `found after decoding ${finding.decodedFrom.join(" → ")}`));
  lines.push(...provenanceDetail(palette, finding));
  lines.push(...suppressedDetail(palette, finding));
  lines.push(...detail(palette, "fingerprint", finding.fingerprint));
  if (finding.remediation.trim() !== "") lines.push(...detail(palette, "remediation", finding.remediation));
  return lines;
}

/** Findings grouped under a heading per file, in report order, a blank line between files. */
function findingSections(palette: Palette, findings: Finding[], options: ReportOptions): string[] {
  const lines: string[] = [];
  let currentPath: string | undefined;
  for (const finding of findings) {
    if (placeOf(finding) !== currentPath) {
      if (currentPath !== undefined) lines.push("");
      lines.push(palette.bold(printable(placeOf(finding))));
      currentPath = placeOf(finding);
    }
    lines.push(...findingLines(palette, finding, options));
  }
  return lines;
}

/** The Diagnostics section: `path: reason — message`, one per line. Empty when there are none. */
function diagnosticSection(palette: Palette, diagnostics: Diagnostic[]): string[] {
  if (diagnostics.length === 0) return [];
  const warnings = diagnostics.filter((diagnostic) => diagnostic.level === "warning").length;
  const counts = [plural(warnings, "warning"), plural(diagnostics.length - warnings, "note")].join(", ");
  return [
    palette.bold(`Diagnostics (${counts})`),
    ...diagnostics.map(
      (d) => `  ${printable(d.path)}: ${d.reason} — ${printable(d.message)}${d.level === "note" ? " (note)" : ""}`,
    ),
  ];
}

/** With `showSuppressed`, the suppressed findings under their own heading, each with its reason. */
function suppressedSection(palette: Palette, suppressed: Finding[], options: ReportOptions): string[] {
  if (!options.showSuppressed || suppressed.length === 0) return [];
  return [palette.bold(`Suppressed (${suppressed.length})`), ...findingSections(palette, suppressed, options)];
}

/** The Hints section: `code: message`, one per line. Empty when there are none. */
function hintSection(palette: Palette, hints: Hint[]): string[] {
  if (hints.length === 0) return [];
  return [palette.bold("Hints"), ...hints.map((hint) => `  ${printable(hint.code)}: ${printable(hint.message)}`)];
}

/**
 * Renders the human report. History findings open with one row per distinct secret (see
 * `historySection`) and a few lines each on what to act on; `verbose` lists every occurrence too.
 * Other findings are grouped by file, each with `line:col`, severity, rule name,
 * rule id, kind, the redacted line, fingerprint and remediation; then config files that hold
 * secrets (`kind: config-file`, under their own heading); then diagnostics, hints and a
 * one-line summary. With `redact: false` each finding gains a separate `secret` line holding the
 * full secret; the `line` stays redacted (it may be trimmed, so the secret is never spliced in).
 * ANSI colour only when `options.color`; file-derived text is always stripped of control characters.
 */
export function renderText(result: ScanResult, options: ReportOptions): string {
  const palette = makePalette(options.color);
  const prepared = prepareReport(result);
  const secretFindings = prepared.findings.filter((finding) => !isConfigFileFinding(finding));
  const secrets = historySecrets(secretFindings);
  const isHistory = (finding: Finding) => finding.provenance.type === "git-blob";
  const listed = options.verbose ? secretFindings : secretFindings.filter((finding) => !isHistory(finding));
  const sections = [
    historySection(palette, secrets),
    options.verbose ? [] : secretDetails(palette, secrets, options.redact),
    findingSections(palette, listed, options),
    repeatedSecrets(palette, secretFindings),
    configFileSection(palette, prepared.findings.filter(isConfigFileFinding), options),
    suppressedSection(palette, prepared.suppressed, options),
    diagnosticSection(
      palette,
      prepared.diagnostics.filter((d) => d.reason !== "binary-asset"),
    ),
    hintSection(palette, prepared.hints),
  ].filter((section) => section.length > 0);
  const incomplete = new Set(prepared.diagnostics.filter((d) => d.level === "warning").map((d) => d.path)).size;
  const assets = prepared.diagnostics.filter((d) => d.reason === "binary-asset").length;
  const summary =
    summaryLine(countBySeverity(prepared.findings), result.stats, incomplete) +
    (assets > 0 ? `; ${plural(assets, "binary asset")} (images, fonts, archives…) not scanned` : "");
  const suppressedNote =
    prepared.suppressed.length === 0
      ? ""
      : `; ${prepared.suppressed.length} suppressed${options.showSuppressed ? "" : " (--show-suppressed lists them)"}`;
  sections.push([palette.bold(summary + suppressedNote)]);
  return `${sections.map((section) => section.join("\n")).join("\n\n")}\n`;
}
