import type { ScanResult } from "../findings/types.js";
import type { ReportFormat } from "./formats.js";
import type { ReportOptions } from "./options.js";

/**
 * A reporter: a pure function from a scan result to the report's text, in pieces to write one
 * after another (JSON and SARIF make their findings as they are written; the others are one piece).
 */
export type Renderer = (result: ScanResult, options: ReportOptions) => Iterable<string>;

/** A reporter that returns its text whole, as one piece. */
function whole(render: (result: ScanResult, options: ReportOptions) => string): Renderer {
  return (result, options) => [render(result, options)];
}

/**
 * The reporter of `format`, loaded on demand: a run writes one format, and loading all six (the
 * HTML page's assets, SARIF's rule descriptors...) is a tenth of a pre-commit run's start-up.
 * `renderReport` (report/index.ts) is the synchronous form for library users.
 */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  switch (format) {
    case "text":
      return whole((await import("./text.js")).renderText);
    case "json":
      return (await import("./json.js")).renderJsonPieces;
    case "sarif":
      return (await import("./sarif.js")).renderSarifPieces;
    case "html":
      return whole((await import("./html.js")).renderHtml);
    case "csv":
      return whole((await import("./csv.js")).renderCsv);
    case "gitlab":
      return whole((await import("./gitlab.js")).renderGitlab);
  }
}
