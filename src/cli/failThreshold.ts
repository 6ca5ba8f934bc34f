import type { Finding } from "../findings/types.js";
import { CONFIDENCES, SEVERITIES, type Confidence, type Severity } from "../rules/types.js";
import type { ParsedCommand } from "./parse.js";

/**
 * The exit code of a scanning command: 1 when a reported finding is at least as severe as
 * `--fail-on` (default: any severity) and at least as confident as `--min-confidence` (default:
 * any), else 0. Findings below the threshold are still reported; they just do not fail the build,
 * so a lone low-severity identifier can be seen without blocking CI.
 */
export function findingsExitCode(findings: readonly Finding[], values: ParsedCommand["values"]): 0 | 1 {
  const severity = rankOf(SEVERITIES, values["fail-on"], "info");
  const confidence = rankOf(CONFIDENCES, values["min-confidence"], "low");
  return findings.some(
    (finding) =>
      SEVERITIES.indexOf(finding.severity) <= severity && CONFIDENCES.indexOf(finding.confidence) <= confidence,
  )
    ? 1
    : 0;
}

/** The index of the flag's value in `order` (validated by the parser's `choices`), else of `fallback`. */
function rankOf<T extends Severity | Confidence>(
  order: readonly T[],
  value: ParsedCommand["values"][string],
  fallback: T,
): number {
  return order.indexOf(typeof value === "string" ? (value as T) : fallback);
}
