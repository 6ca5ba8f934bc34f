export { scan, DEFAULT_MAX_FILE_SIZE, type ScanOptions } from "./scan.js";
export { UserError, formatProblem, type Problem } from "./config/problems.js";
export type { Finding, Hint, Location, RuleInfo, ScanResult, ScanStats } from "./findings/types.js";
export type { Chunk, CommitInfo, Diagnostic, DiagnosticReason, Provenance, Source, SourceItem } from "./sources/types.js";
export type { Confidence, RuleKind, RuleSyntax, Severity } from "./rules/types.js";
