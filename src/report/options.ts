/**
 * How a reporter renders a scan result. Every reporter is a pure function of the result and these
 * options, so the CLI (which alone knows about TTYs, `NO_COLOR` and flags) decides them once.
 */
export interface ReportOptions {
  /**
   * When true (the default the CLI should use), secrets are shown only as their short preview.
   * When false, reporters also print the full secret; useful locally, dangerous in CI logs.
   */
  redact: boolean;
  /** Emit ANSI colour codes. Only the text report uses colour; JSON and SARIF ignore it. */
  color: boolean;
  /** List suppressed findings (`result.suppressed`) with their reason; otherwise they are only counted. */
  showSuppressed?: boolean;
  /** Text report of history: list every occurrence of every secret, not one entry per secret. */
  verbose?: boolean;
  /** When the report is written (the end of the scan); reports that carry scan times (GitLab's) need it. */
  generatedAt?: Date;
}
