import type { Readable } from "node:stream";
import { loadRunConfig, type ConfigChoice } from "./config/loadRunConfig.js";
import { createRuleSet } from "./detect/ruleSet.js";
import { DEFAULT_REMEDIATION } from "./findings/build.js";
import { finalizeFindings } from "./findings/finalize.js";
import { createSuppressor, type SuppressionOptions } from "./findings/suppressionFiles.js";
import type { RuleInfo, ScanResult } from "./findings/types.js";
import { packageVersion } from "./packageFiles.js";
import type { CompiledRule } from "./rules/types.js";
import { stdinSource } from "./sources/stdin.js";
import type { Source } from "./sources/types.js";
import { detectOptions, runSources, threadsOf, type DetectionOptions } from "./runSources.js";
import { scanRoot, worktreeSource } from "./sources/worktree.js";
import { fileRuleInfo } from "./configFiles/common.js";
import { worktreeFileFindings } from "./configFiles/worktree.js";

/** Default size limit: files larger than 10 MiB are reported as diagnostics, not read. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Options of the programmatic `scan()`; every field is optional. */
export interface ScanOptions extends SuppressionOptions, DetectionOptions {
  /** Files and directories to scan; `-` means `stdin`. Default `["."]`. */
  paths?: string[];
  /** Directory paths and config discovery are relative to. Default `process.cwd()`. */
  cwd?: string;
  /** Config file path, `false` for none, undefined to use the nearest `.secretscanrc.yaml`. */
  config?: ConfigChoice;
  /** Skip git-ignored files (default true). */
  respectGitignore?: boolean;
  /** Bytes; larger files become diagnostics. Default: config's `maxFileSize`, else 10 MiB. */
  maxFileSize?: number;
  /** Stream read when a path is `-`. */
  stdin?: Readable;
  /** Name reports give to standard input. Default `stdin`. */
  stdinName?: string;
}

/** Scans files, directories or stdin and returns every finding, diagnostic and statistic. Throws UserError for bad input. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const config = loadRunConfig(cwd, options.config);
  const ruleSet = createRuleSet(config.rules, config.allow);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const paths = options.paths?.length ? options.paths : ["."];
  const filePaths = paths.filter((path) => path !== "-");
  const root = await scanRoot(filePaths.length ? filePaths : ["."], cwd);
  const sources: Source[] = [];
  if (filePaths.length) sources.push(worktreeSource({ paths: filePaths, cwd, respectGitignore: options.respectGitignore ?? true, maxFileSize }, root));
  if (filePaths.length !== paths.length) sources.push(stdinSource(options.stdin ?? process.stdin, options.stdinName ?? "stdin", maxFileSize));
  const suppressor = await createSuppressor(options, cwd, root, config.allow);
  const collected = await runSources(sources, ruleSet, { detect: detectOptions(options), suppressor, ...threadsOf(options) });
  // Config-file pass (issue #5): files that hold secrets by their nature, judged by path and git state.
  collected.findings.push(...(await worktreeFileFindings({ paths: filePaths, cwd, root, maxFileSize }, config.fileRules, config.allow)));
  const split = suppressor.apply(finalizeFindings(collected.findings, config.rules));
  return {
    tool: { name: "secretscan", version: packageVersion() },
    root,
    findings: split.findings,
    suppressed: [...finalizeFindings(collected.suppressed, config.rules), ...split.suppressed],
    diagnostics: collected.diagnostics,
    stats: { ...collected.stats, rules: config.rules.length, durationMs: Math.round(performance.now() - started) },
    hints: [...config.hints, ...suppressor.staleHints()],
    rules: [...config.rules.map(ruleInfo), ...config.fileRules.map(fileRuleInfo)],
  };
}

/** Reporter-facing rule metadata. */
export function ruleInfo(rule: CompiledRule): RuleInfo {
  const syntax = rule.syntax;
  return {
    id: syntax.id,
    name: syntax.name,
    description: syntax.description,
    kind: syntax.kind,
    severity: syntax.severity,
    confidence: rule.confidence,
    references: syntax.references ?? [],
    remediation: syntax.remediation ?? DEFAULT_REMEDIATION,
  };
}
