import { CONFIDENCE_RANK, type Confidence, type RuleKind, SEVERITY_RANK, type Severity } from "../rules/types.js";
import type { CommitInfo } from "../text/chunk.js";
import { compareText } from "../util/compareText.js";
import type { Finding } from "./types.js";

/**
 * Where a secret stands, worst first: `at-head` (HEAD's tree holds it), `on-other-refs` (not at
 * HEAD, but the tip of another branch, tag or remote-tracking ref holds it), `removed` (every ref
 * that had it changed it away), `unreachable` (only in blobs no ref reaches), and `current` for a
 * secret found in files, the index or stdin, where history does not apply.
 */
export type ExposureState = "at-head" | "on-other-refs" | "removed" | "unreachable" | "current";

const STATE_RANK: Readonly<Record<ExposureState, number>> = {
  "at-head": 0,
  current: 0,
  "on-other-refs": 1,
  removed: 2,
  unreachable: 3,
};

/**
 * One distinct secret (one rule, one secret hash), over every place it was found: what a person
 * rotating credentials acts on, where a finding is one occurrence of it.
 */
export interface SecretEntry {
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  confidence: Confidence;
  /** Redacted: a short prefix and `…`. */
  preview: string;
  secretHash: string;
  state: ExposureState;
  /** Every occurrence, in report order (path, line, commit). */
  occurrences: Finding[];
  /** Distinct paths it occurs at, sorted. */
  paths: string[];
  /** Distinct repositories it occurs in, sorted; empty unless one run audited several. */
  repositories: string[];
  /** HEAD's paths that hold it (state `at-head`). */
  headPaths: string[];
  /** Refs other than HEAD whose tip holds it (`refs/heads/…`, `refs/tags/…`, `refs/remotes/…`). */
  refs: string[];
  /** Refs whose history holds a commit that introduced it: branches, tags, remote-tracking refs. */
  reachableFrom: string[];
  /** True when a remote-tracking ref reaches it: it has been pushed, so others may have it. */
  isPushed: boolean;
  /** The earliest commit that introduced it, by author date. */
  firstCommit?: CommitInfo;
  /** The latest commit that introduced a blob holding it: the last time anyone committed it. */
  lastCommit?: CommitInfo;
  /** For state `removed`: the latest commit that changed it away. */
  removedBy?: CommitInfo;
  /** Whole days since it was first committed (history only). */
  exposedDays?: number;
  remediation: string;
}

/** Groups findings by rule and secret hash into secrets, ordered by state, severity, exposure. Pure. */
export function groupSecrets(findings: readonly Finding[]): SecretEntry[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.secretHash}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()].map((group) => secretOf(group.sort(compareOccurrences))).sort(compareSecrets);
}

function secretOf(occurrences: Finding[]): SecretEntry {
  const first = occurrences[0] as Finding;
  const history = occurrences.flatMap((f) => (f.provenance.type === "git-blob" ? [f.provenance] : []));
  const commits = history.flatMap((p) => (p.introducedBy ? [p.introducedBy] : []));
  const byDate = [...commits].sort((a, b) => compareText(a.date, b.date) || compareText(a.sha, b.sha));
  const headPaths = unique(history.flatMap((p) => (p.headPath !== undefined ? [p.headPath] : [])));
  const refs = unique(history.flatMap((p) => p.refs ?? []));
  const reachableFrom = unique(history.flatMap((p) => p.reachableFrom ?? []));
  const removals = history
    .flatMap((p) => (p.removedBy ? [p.removedBy] : []))
    .sort((a, b) => compareText(a.date, b.date));
  const days = history.flatMap((p) => (p.exposedDays !== undefined ? [p.exposedDays] : []));
  const state = stateOf(
    history.length,
    headPaths,
    refs,
    history.every((p) => p.isUnreachable === true),
  );
  return {
    ruleId: first.ruleId,
    ruleName: first.ruleName,
    kind: first.kind,
    severity: first.severity,
    confidence: first.confidence,
    preview: first.preview,
    secretHash: first.secretHash,
    state,
    occurrences,
    paths: unique(occurrences.map((f) => f.path)),
    repositories: unique(occurrences.flatMap((f) => (f.repository !== undefined ? [f.repository] : []))),
    headPaths,
    refs,
    reachableFrom,
    isPushed: reachableFrom.some((ref) => ref.startsWith("refs/remotes/")),
    ...(byDate[0] ? { firstCommit: byDate[0] } : {}),
    ...(byDate.length > 0 ? { lastCommit: byDate[byDate.length - 1] } : {}),
    ...(state === "removed" && removals.length > 0 ? { removedBy: removals[removals.length - 1] } : {}),
    ...(days.length > 0 ? { exposedDays: Math.max(...days) } : {}),
    remediation: first.remediation,
  };
}

/** Occurrences in the order they happened: by introducing commit date (none first), then path and line. */
function compareOccurrences(a: Finding, b: Finding): number {
  const dateOf = (f: Finding) => (f.provenance.type === "git-blob" ? (f.provenance.introducedBy?.date ?? "") : "");
  return (
    compareText(dateOf(a), dateOf(b)) || compareText(a.path, b.path) || a.location.startLine - b.location.startLine
  );
}

function stateOf(historyCount: number, headPaths: string[], refs: string[], isAllUnreachable: boolean): ExposureState {
  if (historyCount === 0) return "current";
  if (headPaths.length > 0) return "at-head";
  if (refs.length > 0) return "on-other-refs";
  return isAllUnreachable ? "unreachable" : "removed";
}

/** State first (live before removed), then severity, longest exposure, confidence, then a stable tie-break. */
function compareSecrets(a: SecretEntry, b: SecretEntry): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (b.exposedDays ?? 0) - (a.exposedDays ?? 0) ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.secretHash, b.secretHash)
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(compareText);
}
