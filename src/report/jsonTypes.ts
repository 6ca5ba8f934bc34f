import type { Confidence, RuleKind, Severity } from "../rules/types.js";
import type { ExposureState } from "../findings/secrets.js";
import type { FileState, RuleInfo, ScanResult, ShardInfo } from "../findings/types.js";
import type { DiagnosticReason } from "../sources/types.js";
import type { LastHeldBasis } from "../text/chunk.js";

/*
 * The public shape of `--format json`, described by `schemas/report.schema.json`. Keys are chosen
 * for users and are stable within a `version`; adding an optional key is not a breaking change,
 * renaming or removing one is, and bumps `version`.
 */

/** The `$schema` value written into every JSON report; it is the `$id` of `schemas/report.schema.json`. */
export const JSON_REPORT_SCHEMA_ID =
  "https://raw.githubusercontent.com/secretscan/secretscan/main/schemas/report.schema.json";

/** The version of the JSON report shape. */
export const JSON_REPORT_VERSION = 1;

/** Where a finding came from: a tagged union on `type`, mirroring the scanner's provenance. */
export type JsonProvenance =
  | { type: "file"; path: string }
  | {
      type: "git-blob";
      path: string;
      blobId: string;
      introducedBy?: JsonCommit;
      /** History scans: committer date of `introducedBy` (ISO 8601), whole days exposed since, whether HEAD still holds the secret. */
      firstCommittedAt?: string;
      exposedDays?: number;
      presentAtHead?: boolean;
      /** The blob's path at HEAD, when HEAD still has it. */
      headPath?: string;
      /** The commit that changed the path away from this blob or deleted it. */
      removedBy?: JsonCommit;
      /** The last commit that still held this blob at this path: HEAD, a ref's tip, or the removing commit's parent. */
      lastHeld?: JsonLastHeld;
      /** A blob no ref reaches (`history --unreachable`). */
      isUnreachable?: boolean;
      /** Refs other than HEAD whose tip holds this blob (at any path the walk saw it at). */
      refs?: string[];
      /** Refs whose history holds `introducedBy`. */
      reachableFrom?: string[];
    }
  | { type: "index"; path: string; blobId: string }
  | { type: "stdin"; path: string };

/** The commit that first introduced a blob at a path. `date` is ISO 8601. */
export interface JsonCommit {
  sha: string;
  authorName: string;
  authorEmail: string;
  date: string;
  subject: string;
}

/**
 * The last commit that still held a secret, and how that is known (`basis`): `head`, `ref-tip`
 * (the newest tip of the refs holding it, which are `refs`), `removal-parent` (the first parent of
 * the commit that removed it) or `last-introduced` (nothing known holds it: its newest introduction).
 */
export interface JsonLastHeld extends JsonCommit {
  basis: LastHeldBasis;
  refs?: string[];
}

/** One finding. Never carries file content; `secret` is present only when redaction is off. */
export interface JsonFinding {
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  confidence: Confidence;
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  /** 1-based lines and columns (UTF-16 code units); `endColumn` is exclusive. */
  location: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  /** A short prefix of the secret followed by `…`. */
  preview: string;
  /** The full secret; only when the report was rendered with redaction off. */
  secret?: string;
  /** Hash (hex) of the secret: scrypt under a fixed domain salt where a guess could find it, else a salted HMAC-SHA256; under `SECRETSCAN_HASH_KEY`, HMAC-SHA256 under that key (see `secretHashOf`). */
  secretHash: string;
  /** Paste into `.secretscanignore` to ignore this finding. */
  fingerprint: string;
  /** Shannon entropy of the secret in bits per character, rounded to 3 decimals. */
  entropy: number;
  remediation: string;
  /** Encodings decoded to reach the secret, outermost first; the location spans the encoded text. */
  decodedFrom?: string[];
  /** The identifier merged into this secret's finding (redacted preview, hash and location). */
  pairedWith?: { ruleId: string; preview: string; secretHash: string; location: JsonFinding["location"] };
  /** Present only on suppressed findings (listed with `--show-suppressed`): SARIF's kind and why. */
  suppressed?: { kind: "inSource" | "external"; reason: string };
  /** Config-file findings and keys found in key files: git's view of the file (tracked, untracked, staged, committed, outside-repository). */
  fileState?: FileState;
  /** The repository it was found in, when one `history` run audits several. */
  repository?: string;
  provenance: JsonProvenance;
  /** Shard reports only: the line holding the secret with every secret on it redacted, for `merge`'s text report. */
  line?: string;
}

/** One place a secret was found: a file line, or a path in one blob of history. */
export interface JsonOccurrence {
  path: string;
  location: JsonFinding["location"];
  fingerprint: string;
  /** History: the blob holding it and the commit that introduced that blob at this path. */
  blobId?: string;
  commitSha?: string;
  /** The repository, when one `history` run audits several. */
  repository?: string;
}

/**
 * One distinct secret (rule and secret hash) over all its occurrences: what to rotate. `state` is
 * where it stands (`at-head`, `on-other-refs`, `removed`, `unreachable`; `current` outside history).
 */
export interface JsonSecret {
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  confidence: Confidence;
  preview: string;
  /** The full secret; only when the report was rendered with redaction off. */
  secret?: string;
  secretHash: string;
  state: ExposureState;
  paths: string[];
  /** The repositories it occurs in, when one `history` run audits several. */
  repositories?: string[];
  headPaths: string[];
  refs: string[];
  /** Refs whose history holds a commit that introduced it; `pushed` when a remote-tracking one does. */
  reachableFrom: string[];
  pushed: boolean;
  firstCommit?: JsonCommit;
  /** The latest commit that introduced it. */
  lastCommit?: JsonCommit;
  /** The last commit that still held it: HEAD's when `at-head`, the newest holding ref tip when `on-other-refs`, the removal's parent when `removed`. */
  lastHeld?: JsonLastHeld;
  removedBy?: JsonCommit;
  /** Whole days from `firstCommit` to the scan while a ref holds it, else to `lastHeld`. */
  exposedDays?: number;
  occurrences: JsonOccurrence[];
  remediation: string;
  /** The provider's documentation: where to revoke and reissue it. */
  references: string[];
}

/** An input that was skipped or only partly scanned. */
export interface JsonDiagnostic {
  path: string;
  reason: DiagnosticReason;
  /** "warning": the scan is incomplete for this input; "note": informational. */
  level: "warning" | "note";
  message: string;
}

/** A note for the user that is neither a finding nor a diagnostic (for example a stale ignore entry). */
export interface JsonHint {
  code: string;
  message: string;
}

/** Totals for the whole scan. `bytes` counts bytes read; `durationMs` is wall time in whole milliseconds. */
export interface JsonSummary {
  findings: number;
  bySeverity: Record<Severity, number>;
  files: number;
  bytes: number;
  blobs: number;
  rules: number;
  durationMs: number;
  /** Findings suppressed by inline markers, config allow-lists, the ignore file or a baseline; not in `findings` unless shown. */
  suppressed?: number;
}

/** The whole JSON report. Lists are sorted: findings by path, line, column, rule id. */
export interface JsonReport {
  $schema: string;
  version: typeof JSON_REPORT_VERSION;
  tool: { name: string; version: string };
  summary: JsonSummary;
  findings: JsonFinding[];
  /** The reported findings grouped into distinct secrets, most urgent first. */
  secrets: JsonSecret[];
  diagnostics: JsonDiagnostic[];
  hints: JsonHint[];
  /** Present in a shard's report (`--shard I/N`): what `secretscan merge` needs to rebuild the whole run. */
  shard?: JsonShard;
}

/**
 * A shard report's extra facts. Its `findings` also list the suppressed ones (each with
 * `suppressed`) and each finding's redacted `line`, since `merge` recomputes what depends on
 * every shard: a secret's exposure, the text report, `--show-suppressed`.
 */
export interface JsonShard extends ShardInfo {
  /** Absolute path of the scan root. */
  root: string;
  rules: RuleInfo[];
  versionControl?: NonNullable<ScanResult["versionControl"]>;
}
