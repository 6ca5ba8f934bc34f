import type { ScanResult } from "../findings/types.js";
import type { ReportFormat } from "./formats.js";
import type { ReportOptions } from "./options.js";

/** A reporter: a pure function from a scan result to the report's text. */
export type Renderer = (result: ScanResult, options: ReportOptions) => string;

/**
 * The reporter of `format`, loaded on demand: a run writes one format, and loading all six (the
 * HTML page's assets, SARIF's rule descriptors...) is a tenth of a pre-commit run's start-up.
 * `renderReport` (report/index.ts) is the synchronous form for library users.
 */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  switch (format) {
    case "text":
      return (await import("./text.js")).renderText;
    case "json":
      return (await import("./json.js")).renderJson;
    case "sarif":
      return (await import("./sarif.js")).renderSarif;
    case "html":
      return (await import("./html.js")).renderHtml;
    case "csv":
      return (await import("./csv.js")).renderCsv;
    case "gitlab":
      return (await import("./gitlab.js")).renderGitlab;
  }
}
