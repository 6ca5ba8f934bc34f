import type { ScanResult } from "../findings/types.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderGitlab } from "./gitlab.js";
import { renderJson } from "./json.js";
import type { ReportFormat } from "./formats.js";
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

export { REPORT_FORMATS, isReportFormat, type ReportFormat } from "./formats.js";

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
