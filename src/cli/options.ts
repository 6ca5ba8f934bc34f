import { REPORT_FORMATS } from "../report/formats.js";
import { CONFIDENCES, SEVERITIES } from "../rules/types.js";

/** One command-line flag: the parser's definition and the help text come from the same entry. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** Placeholder for the value in help, e.g. FILE. */
  value?: string;
  /** Default shown in help; `undefined` shows nothing. */
  defaultText?: string;
  description: string;
  /** Accepted values, checked after parsing. */
  choices?: readonly string[];
  multiple?: boolean;
}

/** Flags that choose which findings are suppressed; shared by every scanning command and `baseline`. */
const SUPPRESSION_FLAGS: readonly FlagSpec[] = [
  {
    name: "ignore-file",
    type: "string",
    value: "FILE",
    defaultText: ".secretscanignore at the repository root (the scan root outside one)",
    description: "fingerprints (one per line) and path globs to ignore",
  },
  {
    name: "no-inline-ignores",
    type: "boolean",
    defaultText: "false",
    description: "report findings under secretscan:allow, gitleaks:allow and similar markers (for CI)",
  },
];

/** Flags shared by every scanning command. */
const REPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: "format",
    short: "f",
    type: "string",
    value: "FORMAT",
    defaultText: "text",
    choices: REPORT_FORMATS,
    description: `report format: ${REPORT_FORMATS.join(", ")} (gitlab: GitLab's secret-detection report)`,
  },
  {
    name: "output",
    short: "o",
    type: "string",
    value: "FILE",
    defaultText: "stdout",
    description: "write the report to FILE (atomically); exit code unchanged",
  },
  {
    name: "config",
    short: "c",
    type: "string",
    value: "FILE",
    defaultText: "nearest .secretscanrc.yaml/.yml from the scanned repository's top upward",
    description: "config file",
  },
  {
    name: "no-config",
    type: "boolean",
    defaultText: "false",
    description: "ignore config files (use built-in rules only)",
  },
  {
    name: "no-redact",
    type: "boolean",
    defaultText: "false",
    description: "show full secrets in the report (default output redacts them)",
  },
  {
    name: "no-color",
    type: "boolean",
    defaultText: "colour on a TTY unless NO_COLOR is set",
    description: "never colour the text report",
  },
  {
    name: "max-file-size",
    type: "string",
    value: "BYTES",
    defaultText: "10485760 (10 MiB)",
    description: "larger files are not read and are reported as diagnostics",
  },
  {
    name: "max-decode-depth",
    type: "string",
    value: "N",
    defaultText: "2",
    description: "nested base64/hex/percent/escape layers decoded and scanned; 0 turns decoding off",
  },
  {
    name: "threads",
    type: "string",
    value: "N",
    defaultText: "one per core; history: one fewer, at least one",
    description: "detector threads; 0 matches on the main thread (no time limit)",
  },
  {
    name: "match-timeout",
    type: "string",
    value: "SECONDS",
    defaultText: "10",
    description: "matching time allowed per file (plus as much again per MiB); an overrun is a diagnostic",
  },
  ...SUPPRESSION_FLAGS,
  {
    name: "baseline",
    type: "string",
    value: "FILE",
    description: "report only findings not in this baseline (see secretscan baseline)",
  },
  {
    name: "show-suppressed",
    type: "boolean",
    defaultText: "false (counted only)",
    description: "also list suppressed findings, with the reason",
  },
  {
    name: "verbose",
    type: "boolean",
    defaultText: "false (one entry per secret)",
    description: "text report of history: list every occurrence of every secret",
  },
  {
    name: "fail-on",
    type: "string",
    value: "SEVERITY",
    defaultText: "info (any finding fails)",
    choices: SEVERITIES,
    description: "exit 1 only for findings of this severity or worse; the others are still reported",
  },
  {
    name: "min-confidence",
    type: "string",
    value: "LEVEL",
    defaultText: "low (any finding fails)",
    choices: CONFIDENCES,
    description: "exit 1 only for findings of this confidence or higher; the others are still reported",
  },
  {
    name: "no-progress",
    type: "boolean",
    defaultText: "progress on stderr when it is a terminal",
    description: "never show a progress line (accepted by every scanning command, for CI)",
  },
];

/** `--shard I/N`, for `scan` and `history`. */
const SHARD_FLAG: FlagSpec = {
  name: "shard",
  type: "string",
  value: "I/N",
  defaultText: "everything",
  description:
    "scan only shard I of N (files by path, history by blob); combine the JSON reports with secretscan merge",
};

/** Flags of `secretscan scan`. */
export const SCAN_FLAGS: readonly FlagSpec[] = [
  ...REPORT_FLAGS,
  SHARD_FLAG,
  {
    name: "no-gitignore",
    type: "boolean",
    defaultText: "false (git-ignored files are skipped)",
    description: "also scan files that git ignores",
  },
  {
    name: "stdin-name",
    type: "string",
    value: "NAME",
    defaultText: "stdin",
    description: "the path reports give to standard input ('-')",
  },
  {
    name: "fix-gitignore",
    type: "boolean",
    defaultText: "false",
    description:
      "after the scan, append .gitignore lines for unignored config files that hold secrets (prints git rm --cached for tracked ones)",
  },
];

/** Flags of `secretscan baseline`: where to write, and the scan flags that decide what is found. */
export const BASELINE_FLAGS: readonly FlagSpec[] = [
  {
    name: "output",
    short: "o",
    type: "string",
    value: "FILE",
    defaultText: ".secretscan-baseline.json",
    description: "the baseline file to write",
  },
  {
    name: "update",
    type: "boolean",
    defaultText: "false",
    description: "update an existing baseline: add new findings, drop fixed ones, print what changed",
  },
  {
    name: "baseline",
    type: "string",
    value: "FILE",
    description: "the baseline to update (default: the --output file)",
  },
  ...REPORT_FLAGS.filter((flag) =>
    [
      "config",
      "no-config",
      "no-color",
      "no-progress",
      "max-file-size",
      "max-decode-depth",
      "threads",
      "match-timeout",
    ].includes(flag.name),
  ),
  ...SUPPRESSION_FLAGS,
  ...SCAN_FLAGS.filter((flag) => flag.name === "no-gitignore"),
];

/** Flags of `secretscan merge`: how to render and when to fail; what was scanned comes from the reports. */
export const MERGE_FLAGS: readonly FlagSpec[] = REPORT_FLAGS.filter((flag) =>
  [
    "format",
    "output",
    "no-redact",
    "no-color",
    "show-suppressed",
    "verbose",
    "fail-on",
    "min-confidence",
    "no-progress",
  ].includes(flag.name),
);

/** Flags of `secretscan rules list` and `rules test`. */
export const RULES_FLAGS: readonly FlagSpec[] = [
  {
    name: "format",
    short: "f",
    type: "string",
    value: "FORMAT",
    defaultText: "text",
    choices: ["text", "json"],
    description: "output format: text or json",
  },
  {
    name: "config",
    short: "c",
    type: "string",
    value: "FILE",
    defaultText: "nearest .secretscanrc.yaml/.yml from the current repository's top upward",
    description: "config file whose rules are included",
  },
  { name: "no-config", type: "boolean", defaultText: "false", description: "built-in rules only" },
  {
    name: "output",
    short: "o",
    type: "string",
    value: "FILE",
    defaultText: "stdout",
    description: "write the list or the results to FILE",
  },
  {
    name: "no-color",
    type: "boolean",
    defaultText: "no colour",
    description: "accepted for one set of CI flags; rules output has no colour",
  },
  {
    name: "no-progress",
    type: "boolean",
    defaultText: "no progress line",
    description: "accepted for one set of CI flags; rules commands draw no progress",
  },
];

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "show help for the command" },
];

/** Flags of `secretscan history`. */
export const HISTORY_FLAGS: readonly FlagSpec[] = [
  ...REPORT_FLAGS,
  SHARD_FLAG,
  {
    name: "range",
    type: "string",
    value: "A..B",
    description: "only blobs introduced by commits in B but not in A (a pull request: base..head)",
  },
  {
    name: "branch",
    type: "string",
    value: "REF",
    defaultText: "every ref: branches, tags, remotes, stash",
    description: "walk the history of one ref only",
  },
  {
    name: "since",
    type: "string",
    value: "DATE",
    description: "only commits newer than DATE (anything git log --since accepts, e.g. 2024-01-01)",
  },
  {
    name: "replace-text",
    type: "string",
    value: "FILE",
    description:
      "also write git filter-repo --replace-text expressions for the secrets found (raw secrets: a new file, mode 0600)",
  },
  {
    name: "fingerprint",
    type: "string",
    value: "FP",
    multiple: true,
    defaultText: "every secret reported",
    description: "with --replace-text: only the secrets of these fingerprints (repeat the flag)",
  },
  {
    name: "unreachable",
    type: "boolean",
    defaultText: "false",
    description: "also scan blobs no ref reaches (amended, rebased or dropped commits), without commit provenance",
  },
  {
    name: "no-cache",
    type: "boolean",
    defaultText: "false",
    description: "neither read nor write the history caches (blob results, the log walk, ref tips): a full scan",
  },
  {
    name: "whole-blobs",
    type: "boolean",
    defaultText: "false",
    description:
      "read every blob whole, not only what it changes from its earlier version or where it had matches (same findings, slower)",
  },
  {
    name: "cache-dir",
    type: "string",
    value: "DIR",
    defaultText: "secretscan/ in the repository's git directory",
    description: "keep the history caches in DIR (three files per repository)",
  },
];

/** Flags of `secretscan staged`. */
export const STAGED_FLAGS: readonly FlagSpec[] = [
  ...REPORT_FLAGS,
  {
    name: "all-lines",
    type: "boolean",
    defaultText: "false (only lines the staged change adds or modifies)",
    description: "scan whole staged files",
  },
];

/** Flags of `secretscan install-hook`. */
export const INSTALL_HOOK_FLAGS: readonly FlagSpec[] = [
  {
    name: "force",
    type: "boolean",
    defaultText: "false",
    description:
      "replace an existing pre-commit hook that secretscan did not write (kept as pre-commit.secretscan-backup)",
  },
];
