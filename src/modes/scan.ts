import { DEFAULT_MAX_FILE_SIZE } from "./limits.js";
import type { Readable } from "node:stream";
import { loadRunConfig, type ConfigChoice } from "../config/loadRunConfig.js";
import { runRuleSet } from "./runRuleSet.js";
import { finalizeFindings } from "../findings/finalize.js";
import { createSuppressor, type SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import { assembleResult } from "./result.js";
import { stdinSource } from "../sources/stdin.js";
import type { Source } from "../sources/types.js";
import { detectOptions, runSources, threadsOf, type DetectionOptions } from "./runSources.js";
import { scanRoot } from "../sources/scanRoot.js";
import { worktreeSource } from "../sources/worktree.js";
import { worktreeFileFindings } from "../secretFiles/worktree.js";
import { scanShardRun, shardFilter, withShardInfo, type Shard } from "./shard.js";

/** Options of the programmatic `scan()`; every field is optional. */
export interface ScanOptions extends SuppressionOptions, DetectionOptions {
  /** Files and directories to scan; `-` means `stdin`. Default `["."]`. */
  paths?: string[];
  /** Directory paths and `config` are relative to. Default `process.cwd()`. */
  cwd?: string;
  /** Config file path, `false` for none, undefined for the nearest `.secretscanrc.yaml` from the scan root (the repository's top) upward. */
  config?: ConfigChoice;
  /** Skip git-ignored files (default true). */
  respectGitignore?: boolean;
  /** Bytes; larger files become diagnostics. Default: config's `maxFileSize`, else 10 MiB. */
  maxFileSize?: number;
  /** Stream read when a path is `-`. */
  stdin?: Readable;
  /** Name reports give to standard input. Default `stdin`. */
  stdinName?: string;
  /** Scan only this shard of the files (by a hash of each path), for `merge` to combine. */
  shard?: Shard;
}

/** Scans files, directories or stdin and returns every finding, diagnostic and statistic. Throws UserError for bad input. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths?.length ? options.paths : ["."];
  const filePaths = paths.filter((path) => path !== "-");
  const root = await scanRoot(filePaths.length ? filePaths : ["."], cwd);
  // An explicit --config is relative to cwd; otherwise the scanned repository's own config applies, as in history and staged.
  const config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
  const ruleSet = runRuleSet(config);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const sources: Source[] = [];
  const isInShard = shardFilter(options.shard);
  const respectGitignore = options.respectGitignore ?? true;
  const shardOnly = isInShard ? { isInShard } : {};
  if (filePaths.length)
    sources.push(worktreeSource({ paths: filePaths, cwd, respectGitignore, maxFileSize, ...shardOnly }, root));
  if (filePaths.length !== paths.length)
    sources.push(stdinSource(options.stdin ?? process.stdin, options.stdinName ?? "stdin", maxFileSize));
  const suppressor = await createSuppressor(options, cwd, root, config.allow);
  const collected = await runSources(sources, ruleSet, {
    detect: detectOptions(options),
    suppressor,
    ...threadsOf(options),
  });
  // Config-file pass (issue #5): files that hold secrets by their nature, judged by path and git state.
  const allFileFindings = finalizeFindings(
    await worktreeFileFindings({ paths: filePaths, cwd, root, maxFileSize }, config.fileRules, config.allow),
    config.rules,
  );
  const fileFindings = isInShard ? allFileFindings.filter((finding) => isInShard(finding.path)) : allFileFindings;
  const result = assembleResult({ started, root, config, collected, fileFindings, suppressor });
  return withShardInfo(result, options.shard, scanShardRun(options, root, filePaths, maxFileSize, config));
}
