import type { Severity } from "../rules/types.js";
import type { Finding, Location, RuleInfo, ScanResult } from "../findings/types.js";
import type { Hint } from "../problems.js";
import type { Diagnostic } from "../sources/types.js";
import type { Provenance } from "../text/chunk.js";
import { compareText } from "../util/compareText.js";

/**
 * A scan result normalised for rendering: every list sorted by a total order and every location
 * clamped to valid 1-based values. Reporters render from this so their output depends only on the
 * result's content, never on the order in which the engine produced findings.
 */
export interface PreparedReport {
  findings: Finding[];
  /** Suppressed findings, sorted and clamped like `findings`. */
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  hints: Hint[];
  /** Rules sorted by id. */
  rules: RuleInfo[];
}

/** A key that tells apart the same path seen in different git blobs or commits. */
function provenanceKey(provenance: Provenance): string {
  switch (provenance.type) {
    case "git-blob":
      return `git-blob:${provenance.blobId}:${provenance.introducedBy?.sha ?? ""}`;
    case "index":
      return `index:${provenance.blobId}`;
    default:
      return provenance.type;
  }
}

/** Orders findings by path, line, column and rule id, then by enough further fields to be total. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.repository ?? "", b.repository ?? "") ||
    compareText(a.path, b.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    a.location.endLine - b.location.endLine ||
    a.location.endColumn - b.location.endColumn ||
    compareText(a.fingerprint, b.fingerprint) ||
    compareText(a.secretHash, b.secretHash) ||
    compareText(provenanceKey(a.provenance), provenanceKey(b.provenance))
  );
}

/** Turns a number into an integer of at least `min`; NaN and fractions cannot reach a report. */
function atLeast(value: number, min: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.trunc(value)) : min;
}

/**
 * Clamps a location to what SARIF accepts: lines and columns ≥ 1, and an end that is not before
 * the start (a zero-length region is allowed; `endColumn` is exclusive).
 */
export function clampLocation(location: Location): Location {
  const startLine = atLeast(location.startLine, 1);
  const startColumn = atLeast(location.startColumn, 1);
  const endLine = atLeast(location.endLine, startLine);
  const endColumn = atLeast(location.endColumn, endLine === startLine ? startColumn : 1);
  return { startLine, startColumn, endLine, endColumn };
}

/** Rounds entropy to 3 decimals; a non-finite value (which JSON cannot hold) becomes 0. */
export function roundEntropy(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0;
}

/** Counts findings per severity; every severity is present, zero when unused. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Sorts and clamps a scan result for rendering. Does not modify `result`. */
export function prepareReport(result: ScanResult): PreparedReport {
  const prepare = (list: readonly Finding[]) =>
    list.map((finding) => ({ ...finding, location: clampLocation(finding.location) })).sort(compareFindings);
  const findings = prepare(result.findings);
  const suppressed = prepare(result.suppressed ?? []);
  const diagnostics = [...result.diagnostics].sort(
    (a, b) =>
      compareText(a.path, b.path) ||
      compareText(a.reason, b.reason) ||
      compareText(a.level, b.level) ||
      compareText(a.message, b.message),
  );
  const hints = [...result.hints].sort((a, b) => compareText(a.code, b.code) || compareText(a.message, b.message));
  const rules = [...result.rules].sort((a, b) => compareText(a.id, b.id));
  return { findings, suppressed, diagnostics, hints, rules };
}

/** The findings a JSON or SARIF report lists: the reported ones, plus suppressed ones when asked, in report order. */
export function listedFindings(prepared: PreparedReport, showSuppressed: boolean | undefined): Finding[] {
  return showSuppressed ? [...prepared.findings, ...prepared.suppressed].sort(compareFindings) : prepared.findings;
}
