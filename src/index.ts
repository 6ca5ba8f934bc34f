export { scan, type ScanOptions } from "./modes/scan.js";
export { DEFAULT_MAX_FILE_SIZE } from "./modes/limits.js";
export { UserError, formatProblem, type Hint, type Problem } from "./problems.js";
export type { Finding, Location, RuleInfo, ScanResult, ScanStats } from "./findings/types.js";
export type { Suppression } from "./findings/types.js";
export type { SuppressionOptions } from "./findings/suppressionFiles.js";
export type { Baseline, BaselineEntry } from "./findings/baseline.js";
export type { Chunk, CommitInfo, LastHeld, LastHeldBasis, Provenance } from "./text/chunk.js";
export type { Diagnostic, DiagnosticReason, Source, SourceItem } from "./sources/types.js";
export type { Confidence, RuleKind, RuleSyntax, Severity } from "./rules/types.js";
export { scanHistory, type HistoryScanOptions } from "./modes/scanHistory.js";
export { scanStaged, type StagedScanOptions } from "./modes/scanStaged.js";
export type { HistoryProgress } from "./sources/history.js";
export type { VersionControlInfo } from "./git/repoInfo.js";
export {
  renderReport,
  renderJson,
  renderSarif,
  renderText,
  renderHtml,
  renderCsv,
  renderGitlab,
  isReportFormat,
  REPORT_FORMATS,
  JSON_REPORT_SCHEMA_ID,
  JSON_REPORT_VERSION,
  type ReportFormat,
  type ReportOptions,
  type JsonReport,
  type JsonFinding,
  type JsonProvenance,
  type JsonDiagnostic,
  type JsonHint,
  type JsonSummary,
  type JsonSecret,
  type JsonOccurrence,
  type JsonCommit,
  type JsonLastHeld,
} from "./report/index.js";
