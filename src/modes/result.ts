import type { RunConfig } from "../config/loadRunConfig.js";
import { DEFAULT_REMEDIATION } from "../findings/build.js";
import { mergeKeyFileFindings } from "../findings/keyFiles.js";
import { compareFindings } from "../findings/order.js";
import type { Suppressor } from "../findings/suppressor.js";
import type { Finding, RuleInfo, ScanResult } from "../findings/types.js";
import type { VersionControlInfo } from "../git/repoInfo.js";
import type { Hint } from "../problems.js";
import { packageVersion } from "../util/packageFiles.js";
import type { Confidence, RuleKind, Severity } from "../rules/types.js";
import type { Collected } from "./runSources.js";

/** What reporters need of any compiled rule, content or file. */
interface DescribedRule {
  confidence: Confidence;
  syntax: {
    id: string;
    name: string;
    description: string;
    kind: RuleKind;
    severity: Severity;
    references?: string[];
    remediation?: string;
  };
}

/**
 * Reporter-facing rule metadata, for content and file rules alike. The prose is read when a
 * reporter asks for it (a built-in rule's prose is loaded on first use, see config/rulesCache.ts):
 * most runs report a few rules of hundreds, and a clean pre-commit run none.
 */
function ruleInfo(rule: DescribedRule): RuleInfo {
  const syntax = rule.syntax;
  return {
    id: syntax.id,
    name: syntax.name,
    get description() {
      return syntax.description;
    },
    kind: syntax.kind,
    severity: syntax.severity,
    confidence: rule.confidence,
    get references() {
      return syntax.references ?? [];
    },
    get remediation() {
      return syntax.remediation ?? DEFAULT_REMEDIATION;
    },
  };
}

/** Metadata of every active rule of a run, content rules first. */
export function ruleInfos(config: RunConfig): RuleInfo[] {
  return [...config.rules.map(ruleInfo), ...config.fileRules.map(ruleInfo)];
}

/** The parts a scan mode has gathered: the pipeline's output plus the findings of its other passes. */
export interface ResultParts {
  started: number;
  root: string;
  config: RunConfig;
  collected: Collected;
  /** Findings of the config-file pass, as they go into suppression. */
  fileFindings: readonly Finding[];
  suppressor: Suppressor;
  hints?: Hint[];
  versionControl?: VersionControlInfo | undefined;
}

/**
 * Assembles the ScanResult of every mode: a key file and its key merged into one finding, the
 * run's suppression files (ignore file, baseline) applied, then the one sort of findings, stale-entry hints last (they depend on every finding).
 */
export function assembleResult(parts: ResultParts): ScanResult {
  const { config, collected, suppressor } = parts;
  const split = suppressor.apply(mergeKeyFileFindings([...collected.findings, ...parts.fileFindings]));
  return {
    tool: { name: "secretscan", version: packageVersion() },
    root: parts.root,
    findings: split.findings.sort(compareFindings),
    suppressed: [...collected.suppressed, ...split.suppressed].sort(compareFindings),
    diagnostics: collected.diagnostics,
    stats: {
      ...collected.stats,
      rules: config.rules.length,
      durationMs: Math.round(performance.now() - parts.started),
    },
    hints: [...config.hints, ...(parts.hints ?? []), ...suppressor.staleHints()],
    rules: ruleInfos(config),
    ...(parts.versionControl ? { versionControl: parts.versionControl } : {}),
  };
}
