import type { Readable } from "node:stream";
import { loadRunConfig, type ConfigChoice } from "./config/loadRunConfig.js";
import { DEFAULT_DETECT_OPTIONS, scanChunk, type DetectOptions } from "./detect/scanChunk.js";
import { createRuleSet, type RuleSet } from "./detect/ruleSet.js";
import { buildFinding, DEFAULT_REMEDIATION } from "./findings/build.js";
import { finalizeFindings } from "./findings/finalize.js";
import type { Finding, RuleInfo, ScanResult } from "./findings/types.js";
import { packageVersion } from "./packageFiles.js";
import type { CompiledRule } from "./rules/types.js";
import { stdinSource } from "./sources/stdin.js";
import type { Diagnostic, Source } from "./sources/types.js";
import { scanRoot, worktreeSource } from "./sources/worktree.js";

/** Default size limit: files larger than 10 MiB are reported as diagnostics, not read. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Options of the programmatic `scan()`; every field is optional. */
export interface ScanOptions {
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
  /** Nested encodings (base64, hex, percent, escapes) decoded and scanned; 0 turns decoding off. Default 2. */
  maxDecodeDepth?: number;
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
  const collected = await runSources(sources, ruleSet, detectOptions(options));
  return {
    tool: { name: "secretscan", version: packageVersion() },
    root,
    findings: finalizeFindings(collected.findings, config.rules),
    diagnostics: collected.diagnostics,
    stats: { ...collected.stats, rules: config.rules.length, durationMs: Math.round(performance.now() - started) },
    hints: config.hints,
    rules: config.rules.map(ruleInfo),
  };
}

/** What running sources through the detector collects. */
export interface Collected {
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: { files: number; bytes: number; blobs: number };
}

/** Detector options from scan options. */
export function detectOptions(options: { maxDecodeDepth?: number }): DetectOptions {
  return { maxDecodeDepth: options.maxDecodeDepth ?? DEFAULT_DETECT_OPTIONS.maxDecodeDepth };
}

/** Feeds every chunk of every source through the detector; diagnostics are kept as they come. */
export async function runSources(sources: Source[], ruleSet: RuleSet, detect: DetectOptions = DEFAULT_DETECT_OPTIONS): Promise<Collected> {
  const collected: Collected = { findings: [], diagnostics: [], stats: { files: 0, bytes: 0, blobs: 0 } };
  for (const source of sources) {
    for await (const item of source) {
      if (item.type === "diagnostic") {
        collected.diagnostics.push(item.diagnostic);
        continue;
      }
      const { chunk } = item;
      collected.stats.files += 1;
      collected.stats.bytes += Buffer.byteLength(chunk.text);
      if (chunk.provenance.type === "git-blob") collected.stats.blobs += 1;
      for (const raw of scanChunk(ruleSet, chunk, detect)) collected.findings.push(buildFinding(raw, chunk.provenance));
    }
  }
  return collected;
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
