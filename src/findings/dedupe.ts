import { CONFIDENCE_RANK, SEVERITY_RANK } from "../rules/types.js";
import { compareFindings } from "./order.js";
import type { Finding } from "./types.js";

/**
 * One finding per secret occurrence: when several rules flag overlapping spans of the same file
 * (a provider rule and a generic one, say), the most specific wins — higher confidence first,
 * then higher severity, then a decoded secret over the encoded text that hides it, then the smaller
 * rule id for determinism. Result sorted by path and position.
 */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const kept: Finding[] = [];
  for (const finding of sorted) {
    const rivalIndex = findOverlap(kept, finding);
    if (rivalIndex < 0) kept.push(finding);
    else if (isBetter(finding, kept[rivalIndex] as Finding)) kept[rivalIndex] = finding;
  }
  return kept.sort(compareFindings);
}

/** Index of a kept finding in the same input whose span overlaps `finding`, or -1. Looks back only over the same file. */
function findOverlap(kept: Finding[], finding: Finding): number {
  for (let i = kept.length - 1; i >= 0; i--) {
    const other = kept[i] as Finding;
    if (other.path !== finding.path) return -1;
    if (sameInput(other, finding) && overlaps(other, finding)) return i;
  }
  return -1;
}

/**
 * Same file content, and the same sort of fact: a config-file finding (the file should not be in
 * git) is never merged with a content finding on the same file (a secret inside it).
 */
function sameInput(a: Finding, b: Finding): boolean {
  const blobOf = (f: Finding) =>
    f.provenance.type === "git-blob" || f.provenance.type === "index" ? f.provenance.blobId : "";
  return blobOf(a) === blobOf(b) && (a.kind === "config-file") === (b.kind === "config-file");
}

function overlaps(a: Finding, b: Finding): boolean {
  return (
    compareStart(a, b.location.endLine, b.location.endColumn) < 0 &&
    compareStart(b, a.location.endLine, a.location.endColumn) < 0
  );
}

/** Compares a finding's start with a (line, column) position. */
function compareStart(f: Finding, line: number, column: number): number {
  return f.location.startLine !== line ? f.location.startLine - line : f.location.startColumn - column;
}

function isBetter(candidate: Finding, current: Finding): boolean {
  const byConfidence = CONFIDENCE_RANK[candidate.confidence] - CONFIDENCE_RANK[current.confidence];
  if (byConfidence !== 0) return byConfidence > 0;
  const bySeverity = SEVERITY_RANK[candidate.severity] - SEVERITY_RANK[current.severity];
  if (bySeverity !== 0) return bySeverity > 0;
  if (Boolean(candidate.decodedFrom) !== Boolean(current.decodedFrom)) return Boolean(candidate.decodedFrom);
  return candidate.ruleId < current.ruleId;
}
