import type { ChecksumValidator } from "./checksums.js";

/** What a secret is, in the spirit of "API keys identify, secrets authorise". */
export type RuleKind = "identifier" | "secret" | "private-key" | "password" | "password-hash" | "token" | "config-file";

/** How urgent a finding is; `critical` means rotate now. */
export type Severity = "critical" | "high" | "medium" | "low" | "info";

/** How sure a rule is that a match is real: high when a prefix or checksum pins the format. */
export type Confidence = "high" | "medium" | "low";

/** Severity as a number, higher is worse: for ordering findings and secrets. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

/** Confidence as a number, higher is surer: for ordering and for picking between overlapping matches. */
export const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 3, medium: 2, low: 1 };

/** Every severity, most severe first. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

/** Confidence levels, most certain first. */
export const CONFIDENCES: readonly Confidence[] = ["high", "medium", "low"];

/** Allow-lists: a match is dropped when any of these hits. Regexes are JavaScript syntax. */
export interface AllowSyntax {
  /** Regexes tested against the secret. */
  secrets?: string[];
  /** Regexes tested against the whole match. */
  matches?: string[];
  /** Regexes tested against the full line holding the match. */
  lines?: string[];
  /** Case-insensitive substrings; a secret containing one is not a finding. */
  stopwords?: string[];
  /** picomatch globs of paths whose matches are dropped. */
  paths?: string[];
}

/** Fields every rule has, content rule or file rule, exactly as written in YAML. */
interface RuleSyntaxBase {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  confidence?: Confidence;
  ignoreCase?: boolean;
  secretGroup?: string | number;
  entropy?: number;
  checksum?: string;
  /** For identifier rules: the secret rules this identifier pairs with, and how close they must be. */
  pairsWith?: { rules: string[]; maxLines?: number };
  paths?: { include?: string[]; exclude?: string[] };
  allow?: AllowSyntax;
  references?: string[];
  remediation?: string;
  examples?: string[];
  negativeExamples?: string[];
}

/** A content rule as written in YAML: a regex run over the text of every file (rules/*.yaml or a user's config). */
export interface ContentRuleSyntax extends RuleSyntaxBase {
  kind: Exclude<RuleKind, "config-file">;
  keywords: string[];
  pattern: string;
}

/**
 * A file rule (`kind: config-file`) as written in YAML: the file itself is the finding when its
 * path matches `paths.include` (and not `paths.exclude`) and, when `pattern` is set, its content
 * matches the pattern through the same filters as a content rule. `examples`/`negativeExamples`
 * are contents the condition must / must not accept; `examplePaths`/`negativeExamplePaths` are
 * paths the rule must / must not select.
 */
export interface FileRuleSyntax extends RuleSyntaxBase {
  kind: "config-file";
  keywords?: string[];
  pattern?: string;
  paths: { include: string[]; exclude?: string[] };
  examplePaths?: string[];
  negativeExamplePaths?: string[];
  /** A structure the file's leading bytes must have (binary stores): `keystore` (see detect/keystore.ts). */
  structure?: "keystore";
}

/** A rule exactly as written in YAML: a content rule or a file rule (`kind: config-file`). */
export type RuleSyntax = ContentRuleSyntax | FileRuleSyntax;

/**
 * A rule's documentation: the prose reports show and the examples `rules test` checks. Detection
 * never reads them, so the start-up cache keeps them in a file of their own (see config/rulesCache.ts).
 */
export const RULE_DOC_FIELDS = [
  "description",
  "references",
  "remediation",
  "examples",
  "negativeExamples",
  "examplePaths",
  "negativeExamplePaths",
] as const;

/** A field of `RULE_DOC_FIELDS`. */
export type RuleDocField = (typeof RULE_DOC_FIELDS)[number];

/** Compiled allow-lists, built once per run. */
export interface CompiledAllow {
  secrets: RegExp[];
  matches: RegExp[];
  lines: RegExp[];
  stopwords: string[];
  isPathAllowed: (path: string) => boolean;
  /** The `paths` globs as written, so each can be matched (and counted) on its own. */
  pathGlobs?: readonly string[];
  /** The allow-list as written, so a worker thread can compile the same one. */
  syntax?: AllowSyntax;
}

/** A rule ready to run: regexes compiled once, path filters built, keywords lower-cased. */
export interface CompiledRule {
  syntax: ContentRuleSyntax;
  id: string;
  /** Global regex (flag `g`, plus `d` for group indices) over a whole chunk. */
  regex: RegExp;
  /** Named or numbered group holding the secret; 0 means the whole match. */
  secretGroup: string | number;
  keywords: string[];
  entropy: number | undefined;
  confidence: Confidence;
  /** Returns false when the rule does not apply to a path. */
  appliesToPath: (path: string) => boolean;
  allow: CompiledAllow;
  /** Returns false when the secret fails the format's checksum. */
  checksum: ChecksumValidator | undefined;
}

/**
 * A file rule ready to run. Compiled apart from content rules so the content detector (prefilter,
 * matchText, scanChunk) never sees it; its content condition, when it has one, is an ordinary
 * CompiledRule run over the file's text by the file pass only.
 */
export interface CompiledFileRule {
  syntax: FileRuleSyntax;
  id: string;
  confidence: Confidence;
  /** True when the rule selects this path (`/`-separated, relative): include matches, exclude does not. */
  selectsPath: (path: string) => boolean;
  /** The content condition, or undefined when the name alone decides (binary keystores, say). */
  condition: CompiledRule | undefined;
  allow: CompiledAllow;
}
