import { jsonPieces, jsonText, type StreamedItems } from "./jsonText.js";
import type { ScanResult } from "../findings/types.js";
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
  const listed = listedFindings(prepared, options.showSuppressed);
  const { descriptors, indexById } = buildRuleDescriptors(listed, prepared.rules);
  const hints: SarifNotification[] = prepared.hints.map((hint) => ({
    level: "note",
    message: { text: hint.message },
    properties: { code: hint.code },
  }));
  const results: SarifResult[] = [];
  const resultsOf = function* () {
    for (const finding of listed) yield toSarifResult(finding, indexById.get(finding.ruleId) as number, options);
  };
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
  return { log, streamed: new Map([[results, resultsOf()]]) };
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
