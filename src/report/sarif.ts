import { jsonPieces, jsonText, mapped, type StreamedItems } from "./jsonText.js";
import type { Finding, ScanResult } from "../findings/types.js";
import { CONFIDENCE_RANK, SEVERITY_RANK } from "../rules/types.js";
import type { ReportOptions } from "./options.js";
import { listedFindings, prepareReport } from "./prepare.js";
import { buildRuleDescriptors } from "./sarifRules.js";
import { SRCROOT, toExecutionNotification, toSarifResult } from "./sarifResults.js";
import type { SarifLog, SarifNotification, SarifResult } from "./sarifTypes.js";
import { directoryFileUrl } from "./uri.js";

/** The `$schema` written into SARIF logs: the OASIS 2.1.0 schema (errata 01). */
const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** Where SARIF consumers link for information about the tool. */
const TOOL_INFORMATION_URI = "https://github.com/secretscan/secretscan";

/**
 * Builds a SARIF 2.1.0 log with one run: one rule descriptor per rule used by a result (sorted by
 * id), one result per finding (sorted by path, line, column, rule id), diagnostics as tool
 * execution notifications and hints as tool configuration notifications. Locations are relative
 * to `%SRCROOT%`, which `originalUriBaseIds` maps to the scan root. The log never holds file
 * content: no `snippet`, no `contextRegion`.
 */
function buildSarifLog(result: ScanResult, options: ReportOptions): { log: SarifLog; streamed: StreamedItems } {
  const prepared = prepareReport(result);
  const { kept: listed, left } = keptResults(listedFindings(prepared, options.showSuppressed));
  const { descriptors, indexById } = buildRuleDescriptors(listed, prepared.rules);
  const hints: SarifNotification[] = prepared.hints.map((hint) => ({
    level: "note",
    message: { text: hint.message },
    properties: { code: hint.code },
  }));
  if (left > 0) hints.push(cappedNotification(left, listed.length + left));
  const results: SarifResult[] = [];
  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "secretscan",
            version: result.tool.version,
            informationUri: TOOL_INFORMATION_URI,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryFileUrl(result.root) } },
        // Columns count UTF-16 code units (JavaScript string offsets); say so rather than rely on a default.
        columnKind: "utf16CodeUnits",
        ...(result.versionControl ? { versionControlProvenance: [{ ...result.versionControl }] } : {}),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: prepared.diagnostics.map(toExecutionNotification),
            toolConfigurationNotifications: hints,
          },
        ],
        results,
      },
    ],
  };
  // Results are made one at a time as the log is written (see `jsonPieces`).
  const resultOf = (finding: Finding) => toSarifResult(finding, indexById.get(finding.ruleId) as number, options);
  return { log, streamed: new Map([[results, mapped(listed, resultOf)]]) };
}

/**
 * The most results a run may hold: GitHub code scanning rejects a SARIF file with more in one run
 * (and shows the 5,000 most severe). A history audit can pass it: jekyll's history holds one
 * Algolia search key in 38k versions of its generated pages.
 */
export const MAX_SARIF_RESULTS = 25_000;

/**
 * The findings a run lists, at most `MAX_SARIF_RESULTS`: the most severe (then the most
 * confident) kept, in report order; `left` counts those left out.
 */
function keptResults(listed: readonly Finding[]): { kept: readonly Finding[]; left: number } {
  if (listed.length <= MAX_SARIF_RESULTS) return { kept: listed, left: 0 };
  const rank = new Map(listed.map((finding, index) => [finding, index]));
  const kept = [...listed]
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
        (rank.get(a) as number) - (rank.get(b) as number),
    )
    .slice(0, MAX_SARIF_RESULTS)
    .sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
  return { kept, left: listed.length - kept.length };
}

/** The notification that says how many results a capped run left out, and where they all are. */
function cappedNotification(left: number, total: number): SarifNotification {
  return {
    level: "warning",
    message: {
      text: `${left} of ${total} results left out, the least severe: GitHub code scanning rejects a run of more than ${MAX_SARIF_RESULTS}; the JSON report (-f json) lists them all`,
    },
    properties: { code: "sarif-results-capped" },
  };
}

/** Renders the SARIF log as JSON, pretty-printed with 2 spaces and a trailing newline. */
export function renderSarif(result: ScanResult, options: ReportOptions): string {
  const { log, streamed } = buildSarifLog(result, options);
  return jsonText(log, streamed);
}

/** `renderSarif` a piece at a time, each result made as it is written. */
export function renderSarifPieces(result: ScanResult, options: ReportOptions): Iterable<string> {
  const { log, streamed } = buildSarifLog(result, options);
  return jsonPieces(log, streamed);
}
