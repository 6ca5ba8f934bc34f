import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { RunConfig } from "../config/loadRunConfig.js";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { Finding, ScanResult, ShardInfo } from "../findings/types.js";
import { detectOptions } from "./runSources.js";
import type { HistoryScanOptions } from "./scanHistory.js";
import type { ScanOptions } from "./scan.js";

/** One part of a run split over several processes: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * True when `key` (a repository-relative path, or a blob id) belongs to `shard`. The split hashes
 * the key, not its position in a listing, so every process agrees on it whatever order it lists
 * files in, and each file or blob lands in exactly one shard.
 */
export function isInShard(shard: Shard, key: string): boolean {
  const digest = createHash("sha256").update(key).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/** The predicate sources take to keep only their shard's files or blobs; undefined without sharding. */
export function shardFilter(shard: Shard | undefined): ((key: string) => boolean) | undefined {
  return shard && shard.count > 1 ? (key) => isInShard(shard, key) : undefined;
}

/** The shard facts of a tree scan: the paths it was given (from the root), its limits and suppression choices. */
export function scanShardRun(
  options: ScanOptions,
  root: string,
  filePaths: readonly string[],
  maxFileSize: number,
  config: RunConfig,
): ShardRun {
  const scanned = filePaths.map((path) => relative(root, resolve(options.cwd ?? process.cwd(), path)));
  const respectGitignore = options.respectGitignore ?? true;
  return {
    command: "scan",
    settings: { scanned, respectGitignore, maxFileSize, ...detectOptions(options), ...suppressionSettings(options) },
    config,
  };
}

/** The shard facts of a history run: its selection, limits and suppression choices, and the paths it scanned. */
export function historyShardRun(
  options: HistoryScanOptions,
  root: string,
  head: string | undefined,
  maxFileSize: number,
  config: RunConfig,
  paths: ReadonlySet<string>,
): ShardRun {
  const { range, branch, since, includeUnreachable } = options;
  const selection = { root, head, range, branch, since, includeUnreachable, maxFileSize };
  return {
    command: "history",
    settings: { ...selection, ...detectOptions(options), ...suppressionSettings(options) },
    config,
    paths,
  };
}

/**
 * The history config-file findings of this shard: that pass judges every path from the whole
 * walk in every shard, so each shard keeps those whose blob is its own.
 */
export function historyFindingsInShard(
  findings: Finding[],
  isInShard: ((key: string) => boolean) | undefined,
): Finding[] {
  if (!isInShard) return findings;
  return findings.filter((finding) =>
    isInShard(finding.provenance.type === "git-blob" ? finding.provenance.blobId : finding.path),
  );
}

/** The suppression choices of a run, as shard settings: shards that suppress differently are not one run. */
function suppressionSettings(options: SuppressionOptions): Record<string, unknown> {
  return {
    inlineIgnores: options.inlineIgnores ?? true,
    ignoreFile: options.ignoreFile ?? null,
    baseline: options.baseline ?? null,
  };
}

/** What a shard's report must say of its run so `merge` can check that shards belong together. */
interface ShardRun {
  command: ShardInfo["command"];
  /** The options that choose what is scanned and how (selection, limits, suppression files). */
  settings: Record<string, unknown>;
  config: RunConfig;
  /** History only: the distinct paths of the blobs this shard scanned (their union is the run's file count). */
  paths?: ReadonlySet<string>;
}

/** The result of one shard, labelled with its place and the identity of the run it belongs to. */
export function withShardInfo(result: ScanResult, shard: Shard | undefined, run: ShardRun): ScanResult {
  if (!shard) return result;
  return {
    ...result,
    shard: {
      index: shard.index,
      count: shard.count,
      command: run.command,
      settingsHash: sha256(JSON.stringify(run.settings)),
      rulesHash: rulesHash(run.config),
      ...(run.paths ? { paths: [...run.paths].sort() } : {}),
    },
  };
}

/**
 * A hash of every rule's syntax and of the config file's bytes (its allow-lists): two shards
 * with different rules would not add up to one run.
 */
function rulesHash(config: RunConfig): string {
  const configBytes = config.configFile ? readFileSync(config.configFile).toString("base64") : "";
  return sha256(
    JSON.stringify({
      rules: config.rules.map((rule) => rule.syntax),
      fileRules: config.fileRules.map((rule) => rule.syntax),
      configBytes,
    }),
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
