import type { Finding, RuleInfo } from "../findings/types.js";
import type { Confidence, Severity } from "../rules/types.js";
import { compareText } from "../util/compareText.js";
import type { SarifLevel, SarifReportingDescriptor } from "./sarifTypes.js";
import { isWebUrl } from "./uri.js";

/** SARIF level for a severity: critical/high → error, medium → warning, low/info → note. */
export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === "critical" || severity === "high") return "error";
  return severity === "medium" ? "warning" : "note";
}

/**
 * GitHub code scanning's `security-severity` score (0.0–10.0, as a string) per severity. GitHub maps
 * > 9.0 to critical, 7.0–8.9 to high, 4.0–6.9 to medium and below that to low.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

/** SARIF `precision` (how often a result is a true positive) per rule confidence. */
const PRECISION: Record<Confidence, "very-high" | "high" | "medium"> = {
  high: "very-high",
  medium: "high",
  low: "medium",
};

/** A PascalCase identifier from a rule id, e.g. `aws-access-key-id` → `AwsAccessKeyId`. */
function ruleIdentifier(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  if (name === "") return "Rule";
  return /^[0-9]/.test(name) ? `Rule${name}` : name;
}

/** Help as plain text and as Markdown: description, then remediation, then references. */
function ruleHelp(rule: RuleInfo): { text: string; markdown: string } {
  const text = [rule.description];
  const markdown = [rule.description];
  if (rule.remediation.trim() !== "") {
    text.push(`Remediation: ${rule.remediation}`);
    markdown.push(`**Remediation:** ${rule.remediation}`);
  }
  if (rule.references.length > 0) {
    text.push(["References:", ...rule.references.map((ref) => `- ${ref}`)].join("\n"));
    const links = rule.references.map((ref) => (isWebUrl(ref) ? `- <${ref}>` : `- ${ref}`));
    markdown.push(["**References:**", ...links].join("\n"));
  }
  return { text: text.join("\n\n"), markdown: markdown.join("\n\n") };
}

/** One SARIF rule descriptor; `precision` follows the rule's confidence. */
function toDescriptor(rule: RuleInfo, confidence: Confidence): SarifReportingDescriptor {
  const helpUri = rule.references.find(isWebUrl);
  const description = rule.description.trim() === "" ? rule.name : rule.description;
  return {
    id: rule.id,
    name: ruleIdentifier(rule.id),
    shortDescription: { text: rule.name },
    fullDescription: { text: description },
    help: ruleHelp({ ...rule, description }),
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      // SARIF requires distinct tags, and a rule's kind may itself be "secret".
      tags: [...new Set(["security", "secret", rule.kind])],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: PRECISION[confidence],
      kind: rule.kind,
    },
  };
}

/** A stand-in description for a finding whose rule is missing from `ScanResult.rules`. */
function ruleFromFinding(finding: Finding): RuleInfo {
  return {
    id: finding.ruleId,
    name: finding.ruleName,
    description: finding.ruleName,
    kind: finding.kind,
    severity: finding.severity,
    confidence: finding.confidence,
    references: [],
    remediation: finding.remediation,
  };
}

/**
 * One descriptor per rule that has at least one finding, sorted by id, plus each rule's index in
 * that list (for `result.ruleIndex`). Rule metadata comes from `rules`; a rule missing there is
 * described from its first finding.
 */
export function buildRuleDescriptors(
  findings: readonly Finding[],
  rules: readonly RuleInfo[],
): { descriptors: SarifReportingDescriptor[]; indexById: Map<string, number> } {
  const firstFinding = new Map<string, Finding>();
  for (const finding of findings) if (!firstFinding.has(finding.ruleId)) firstFinding.set(finding.ruleId, finding);
  const infoById = new Map(rules.map((rule) => [rule.id, rule] as const));
  const ids = [...firstFinding.keys()].sort(compareText);
  const descriptors = ids.map((id) => {
    const finding = firstFinding.get(id) as Finding;
    const rule = infoById.get(id) ?? ruleFromFinding(finding);
    return toDescriptor(rule, rule.confidence);
  });
  return { descriptors, indexById: new Map(ids.map((id, index) => [id, index] as const)) };
}
