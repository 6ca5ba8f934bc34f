import type { ScanResult } from "../findings/types.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderGitlab } from "./gitlab.js";
import { renderJson } from "./json.js";
import type { ReportOptions } from "./options.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

export type { ReportOptions } from "./options.js";
export type {
  JsonReport,
  JsonFinding,
  JsonProvenance,
  JsonDiagnostic,
  JsonHint,
  JsonSummary,
  JsonSecret,
  JsonOccurrence,
  JsonCommit,
  JsonLastHeld,
} from "./jsonTypes.js";
export { JSON_REPORT_SCHEMA_ID, JSON_REPORT_VERSION } from "./jsonTypes.js";
export { renderJson } from "./json.js";
export { renderSarif } from "./sarif.js";
export { renderGitlab } from "./gitlab.js";
export { renderText } from "./text.js";
export { renderCsv } from "./csv.js";
export { renderHtml } from "./html.js";

/** The output formats secretscan can render. */
export type ReportFormat = "text" | "json" | "sarif" | "html" | "csv" | "gitlab";

/** Every report format, in the order `--help` should list them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "html", "csv", "gitlab"];

/** True when `value` names a report format; use it to validate a `--format` argument. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The reporter for each format; all are pure `(result, options) => string`. */
const RENDERERS: Record<ReportFormat, (result: ScanResult, options: ReportOptions) => string> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  html: renderHtml,
  csv: renderCsv,
  gitlab: renderGitlab,
};

/**
 * Renders a scan result in the given format. The string ends with a newline and is meant for
 * stdout as is. Pure: the same result and options always give the same string.
 */
export function renderReport(format: ReportFormat, result: ScanResult, options: ReportOptions): string {
  return RENDERERS[format](result, options);
}
