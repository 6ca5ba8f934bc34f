import { CONFIDENCE_RANK, type Confidence, type RuleKind, SEVERITY_RANK, type Severity } from "../rules/types.js";
import { exposedDaysSince } from "../sources/historyProvenance.js";
import { copyCommit, type CommitInfo, type LastHeld, type LastHeldBasis, type Provenance } from "../text/chunk.js";
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
  /**
   * The last commit that still held it, as its state says: HEAD's commit (`at-head`); the newest tip
   * of the refs holding it (`on-other-refs`); the first parent of the commit that removed it last
   * (`removed`); else the newest commit that introduced it. See `LastHeld`.
   */
  lastHeld?: LastHeld;
  /** For state `removed`: the commit that changed it away last, the child of `lastHeld`. */
  removedBy?: CommitInfo;
  /**
   * Whole days exposed (history only): from the first commit to the scan while HEAD or a ref still
   * holds it, else from the first commit's date to `lastHeld`'s.
   */
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
  const [firstCommit, lastCommit] = [earliest(commits), latest(commits)];
  const headPaths = unique(history.flatMap((p) => (p.headPath !== undefined ? [p.headPath] : [])));
  const refs = unique(history.flatMap((p) => p.refs ?? []));
  const reachableFrom = unique(history.flatMap((p) => p.reachableFrom ?? []));
  const state = stateOf(
    history.length,
    headPaths,
    refs,
    history.every((p) => p.isUnreachable === true),
  );
  const held = heldOf(state, history, lastCommit);
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
    ...(firstCommit ? { firstCommit } : {}),
    ...(lastCommit ? { lastCommit } : {}),
    ...(held.lastHeld ? { lastHeld: held.lastHeld } : {}),
    ...(held.removedBy ? { removedBy: held.removedBy } : {}),
    ...exposure(state, history, firstCommit, held.lastHeld),
    remediation: first.remediation,
  };
}

type GitProvenance = Extract<Provenance, { type: "git-blob" }>;

/** The basis a secret's `lastHeld` has in each state where something is known to hold it or to have removed it. */
const BASIS_OF_STATE: Partial<Record<ExposureState, LastHeldBasis>> = {
  "at-head": "head",
  "on-other-refs": "ref-tip",
  removed: "removal-parent",
};

/**
 * The secret's last holder, from its occurrences' own (the newest of those that fit its state:
 * across shards or repositories the latest wins), else its newest introducing commit; and, when
 * removed, the removal that ended it.
 */
function heldOf(
  state: ExposureState,
  history: readonly GitProvenance[],
  lastIntroduced: CommitInfo | undefined,
): { lastHeld?: LastHeld; removedBy?: CommitInfo } {
  const basis = BASIS_OF_STATE[state];
  const fitting = history.filter((p) => p.lastHeld !== undefined && p.lastHeld.basis === basis);
  const newest = fitting.reduce<GitProvenance | undefined>(
    (best, p) => (!best || compareCommitDates(p.lastHeld as LastHeld, best.lastHeld as LastHeld) > 0 ? p : best),
    undefined,
  );
  const removedBy =
    state !== "removed"
      ? undefined
      : (newest?.removedBy ?? latest(history.flatMap((p) => (p.removedBy ? [p.removedBy] : []))));
  const held = newest?.lastHeld;
  if (!held)
    return {
      ...(lastIntroduced ? { lastHeld: { ...copyCommit(lastIntroduced), basis: "last-introduced" } } : {}),
      ...(removedBy ? { removedBy } : {}),
    };
  const refs = unique(fitting.flatMap((p) => (p.lastHeld?.sha === held.sha ? (p.lastHeld.refs ?? []) : [])));
  return {
    lastHeld: { ...copyCommit(held), basis: held.basis, ...(refs.length > 0 ? { refs } : {}) },
    ...(removedBy ? { removedBy } : {}),
  };
}

/** Days exposed: to the scan while something holds it (the occurrences' own count), else first commit → last held. */
function exposure(
  state: ExposureState,
  history: readonly GitProvenance[],
  firstCommit: CommitInfo | undefined,
  lastHeld: LastHeld | undefined,
): { exposedDays?: number } {
  if (state !== "at-head" && state !== "on-other-refs" && firstCommit && lastHeld) {
    const days = exposedDaysSince(firstCommit.date, new Date(lastHeld.date));
    if (Number.isFinite(days)) return { exposedDays: days };
  }
  const days = history.flatMap((p) => (p.exposedDays !== undefined ? [p.exposedDays] : []));
  return days.length > 0 ? { exposedDays: Math.max(...days) } : {};
}

/** Older first, by the instant of the date (offsets differ), then by sha. */
function compareCommitDates(a: CommitInfo, b: CommitInfo): number {
  return Date.parse(a.date) - Date.parse(b.date) || compareText(a.sha, b.sha);
}

/**
 * The first of `commits` in `compareCommitDates` order (the last with `sign` -1), in one pass: a
 * secret in 38k blob versions (jekyll's history) was sorted whole, parsing two dates per
 * comparison, for its first and last commit only.
 */
function earliest<T extends CommitInfo>(commits: readonly T[], sign = 1): T | undefined {
  let best: T | undefined;
  let bestTime = 0;
  for (const commit of commits) {
    const time = Date.parse(commit.date);
    if (best === undefined || sign * (time - bestTime || compareText(commit.sha, best.sha)) < 0) {
      best = commit;
      bestTime = time;
    }
  }
  return best;
}

/** The last of `commits` in `compareCommitDates` order. */
function latest<T extends CommitInfo>(commits: readonly T[]): T | undefined {
  return earliest(commits, -1);
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
