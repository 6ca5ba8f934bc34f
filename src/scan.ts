import type { Readable } from "node:stream";
import { loadRunConfig, type ConfigChoice } from "./config/loadRunConfig.js";
import { DEFAULT_DETECT_OPTIONS, scanChunk, type DetectOptions } from "./detect/scanChunk.js";
import { createRuleSet, type RuleSet } from "./detect/ruleSet.js";
import { buildFinding, DEFAULT_REMEDIATION } from "./findings/build.js";
import { finalizeFindings } from "./findings/finalize.js";
import { createSuppressor, type SuppressionOptions } from "./findings/suppressionFiles.js";
import type { Suppressor } from "./findings/suppressor.js";
import type { Finding, RuleInfo, ScanResult } from "./findings/types.js";
import { packageVersion } from "./packageFiles.js";
import type { CompiledRule } from "./rules/types.js";
import { stdinSource } from "./sources/stdin.js";
import type { Chunk, Diagnostic, Source } from "./sources/types.js";
import { scanRoot, worktreeSource } from "./sources/worktree.js";

/** Default size limit: files larger than 10 MiB are reported as diagnostics, not read. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Options of the programmatic `scan()`; every field is optional. */
export interface ScanOptions extends SuppressionOptions {
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
  const suppressor = await createSuppressor(options, cwd, root, config.allow);
  const collected = await runSources(sources, ruleSet, detectOptions(options), suppressor);
  const split = suppressor.apply(finalizeFindings(collected.findings, config.rules));
  return {
    tool: { name: "secretscan", version: packageVersion() },
    root,
    findings: split.findings,
    suppressed: [...finalizeFindings(collected.suppressed, config.rules), ...split.suppressed],
    diagnostics: collected.diagnostics,
    stats: { ...collected.stats, rules: config.rules.length, durationMs: Math.round(performance.now() - started) },
    hints: [...config.hints, ...suppressor.staleHints()],
    rules: config.rules.map(ruleInfo),
  };
}

/** What running sources through the detector collects. */
export interface Collected {
  findings: Finding[];
  /** Findings a Suppressor marked while scanning (config allow-list, inline markers); empty without one. */
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  stats: { files: number; bytes: number; blobs: number };
}

/** Detector options from scan options. */
export function detectOptions(options: { maxDecodeDepth?: number }): DetectOptions {
  return { maxDecodeDepth: options.maxDecodeDepth ?? DEFAULT_DETECT_OPTIONS.maxDecodeDepth };
}

/**
 * Feeds every chunk of every source through the detector; diagnostics are kept as they come. With a
 * Suppressor, matches the config allow-list covers and findings under an inline marker go to
 * `suppressed` (and the allow-list's usage is counted) instead of being dropped or reported.
 */
export async function runSources(sources: Source[], ruleSet: RuleSet, detect: DetectOptions = DEFAULT_DETECT_OPTIONS, suppressor?: Suppressor): Promise<Collected> {
  const collected: Collected = { findings: [], suppressed: [], diagnostics: [], stats: { files: 0, bytes: 0, blobs: 0 } };
  const detector = suppressor ? { ...ruleSet, keepAllowed: true } : ruleSet;
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
      suppressor?.notePath(chunk.provenance.path);
      const lineAt = chunkLines(chunk);
      for (const raw of scanChunk(detector, chunk, detect)) {
        const finding = buildFinding(raw, chunk.provenance);
        const marked = suppressor ? suppressor.mark(finding, raw.allowedBy, lineAt) : finding;
        (marked.suppressed ? collected.suppressed : collected.findings).push(marked);
      }
    }
  }
  return collected;
}

/** A lazy lookup of a chunk's lines by 1-based file line number; the text is split only when asked. */
function chunkLines(chunk: Chunk): (line: number) => string | undefined {
  let lines: string[] | undefined;
  return (line) => {
    lines ??= chunk.text.split(/\r\n|\r|\n/);
    return lines[line - chunk.startLine];
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
