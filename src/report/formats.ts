/** The output formats secretscan can render. */
export type ReportFormat = "text" | "json" | "sarif" | "html" | "csv" | "gitlab";

/** Every report format, in the order `--help` should list them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "html", "csv", "gitlab"];

/** True when `value` names a report format; use it to validate a `--format` argument. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
