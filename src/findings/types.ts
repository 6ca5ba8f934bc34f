import type { Confidence, RuleKind, Severity } from "../rules/types.js";
import type { Hint } from "../problems.js";
import type { VersionControlInfo } from "../git/repoInfo.js";
import type { Diagnostic } from "../sources/types.js";
import type { Provenance } from "../text/chunk.js";

/** A span in a file. Lines and columns are 1-based, as SARIF requires; `endColumn` is exclusive. */
export interface Location {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** One secret found by one rule at one place. */
export interface Finding {
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  confidence: Confidence;
  /** Path relative to the scan root, `/`-separated; `-` style names for stdin. */
  path: string;
  location: Location;
  /** The secret itself. Reporters print it only when redaction is off; never persisted. */
  secret: string;
  /** A short prefix of the secret followed by `…`. Safe to print. */
  preview: string;
  /** Hash (hex) of the secret, slow where a guess could find it, the grouping key (see `secretHashOf`); config-file findings hash their path. */
  secretHash: string;
  /** Stable across line moves: hash of rule id, secret hash and path. Paste into `.secretscanignore`. */
  fingerprint: string;
  /** Shannon entropy of the secret in bits per character. */
  entropy: number;
  remediation: string;
  provenance: Provenance;
  /**
   * The line holding the secret with the secret replaced by its preview, trimmed to at most
   * 160 characters. Used by the text report only; JSON and SARIF never carry file content.
   */
  redactedLine: string;
  /** Encodings decoded to reach the secret, outermost first (e.g. `["base64"]`); absent for plain text. */
  decodedFrom?: string[];
  /** The identifier found next to this secret (an AWS access key id beside its secret key, say). */
  pairedWith?: PairedIdentifier;
  /** Set when the finding is suppressed: by a marker in the source (`inSource`) or by config, ignore file or baseline (`external`). */
  suppressed?: Suppression;
  /**
   * Config-file findings, and a private key found in a key file (the key's finding stands for the file):
   * where git stands on the file (committed, one `git add` away, staged, …).
   */
  fileState?: FileState;
  /** The repository it was found in, as named on the command line: set when one run audits several. */
  repository?: string;
}

/**
 * Where git stands on a file that holds secrets by its nature (`kind: config-file` findings).
 * `tracked`: in the index (committed or about to be); `untracked`: not ignored, one `git add .`
 * away from a leak; `staged`: part of the staged change (`secretscan staged`); `committed`: in
 * history (`secretscan history`), even if deleted since; `outside-repository`: not in a git work
 * tree. An ignored, untracked file is fine and never a finding.
 */
export type FileState = "tracked" | "untracked" | "staged" | "committed" | "outside-repository";

/** Why a finding is not counted: SARIF's suppression kinds and a human-readable reason. */
export interface Suppression {
  kind: "inSource" | "external";
  reason: string;
}

/** The identifier half of a credential pair; redacted like every other secret. */
interface PairedIdentifier {
  ruleId: string;
  preview: string;
  secretHash: string;
  location: Location;
}

/** Counts describing what a scan read. `durationMs` is wall time. */
export interface ScanStats {
  files: number;
  bytes: number;
  blobs: number;
  rules: number;
  durationMs: number;
}

/** Everything a scan produced; the input to every reporter. */
export interface ScanResult {
  tool: { name: string; version: string };
  /** Absolute path of the scan root, used as the SARIF `uriBaseId` target. */
  root: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
  hints: Hint[];
  /** Metadata of every rule that was active, so reporters can describe rules without the rule set. */
  rules: RuleInfo[];
  /** Findings suppressed by inline markers, config allow-lists, the ignore file or a baseline; not in `findings`. */
  suppressed?: Finding[];
  /** The repository and revision scanned, for git scans (SARIF `versionControlProvenance`). */
  versionControl?: VersionControlInfo;
  /** Set when the run scanned one shard (`--shard I/N`): what `merge` needs to combine the shards. */
  shard?: ShardInfo;
}

/**
 * Which part of a split run a result covers, and what identifies the run, so that `merge` can
 * refuse shards that do not add up to one run.
 */
export interface ShardInfo {
  /** 1-based. */
  index: number;
  count: number;
  command: "scan" | "history";
  /** SHA-256 of the options that choose what is scanned and how. */
  settingsHash: string;
  /** SHA-256 of the rules' syntax and the config file. */
  rulesHash: string;
  /** History only: the distinct paths of the blobs this shard scanned. */
  paths?: string[];
}

/** The reporter-facing description of a rule. */
export interface RuleInfo {
  id: string;
  name: string;
  description: string;
  kind: RuleKind;
  severity: Severity;
  confidence: Confidence;
  references: string[];
  remediation: string;
}
