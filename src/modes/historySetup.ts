import type { RunConfig } from "../config/loadRunConfig.js";
import { UserError } from "../problems.js";
import type { RuleSet } from "../detect/ruleSet.js";
import { runRuleSet } from "./runRuleSet.js";
import { createSuppressor, type SuppressionOptions } from "../findings/suppressionFiles.js";
import type { Suppressor } from "../findings/suppressor.js";
import type { Hint } from "../problems.js";
import { git, splitNul } from "../git/exec.js";
import { findHistoryRewrites } from "../git/hiddenHistory.js";
import { resolveCommit, resolveRange } from "../git/refs.js";
import type { RepositoryFacts } from "../git/repoFacts.js";
import type { ListedRef } from "../git/refTips.js";
import { validateSince } from "../git/since.js";
import type { DetectOptions } from "../detect/scanChunk.js";
import { PathSignatures } from "../findings/historyFanOut.js";
import { HistoryCache } from "./historyCache.js";
import type { CacheStore } from "./historyCacheStore.js";

/** What a history scan selects: a range, one ref, a date window; every field optional. */
export interface HistorySelectionOptions {
  /** `A..B`: only blobs introduced by commits in B but not in A (a pull request's commits). */
  range?: string;
  /** Walk only the history of this ref instead of every ref. */
  branch?: string;
  /** Only commits newer than this date (anything `git log --since` accepts). */
  since?: string;
}

/** Everything a history scan needs besides the walk itself; built while the walk runs. */
export interface HistorySetup {
  ruleSet: RuleSet;
  /** What the scan cannot see or did not follow (no commits, a shallow clone, replace refs). */
  hints: Hint[];
  /** HEAD's tree as path → blob id (empty without commits). */
  headTree: Map<string, string>;
  suppressor: Suppressor;
  /** How rules and allow-lists treat each path, for the per-introduction fan-out and the cache. */
  signatures: PathSignatures;
  /** The cache of blobs earlier runs found nothing in; undefined with `--no-cache`. */
  cache: HistoryCache | undefined;
}

/** What `prepareHistoryScan` takes: suppression and selection choices, the cache store, and the settings that change findings. */
export interface HistorySetupOptions extends SuppressionOptions, HistorySelectionOptions {
  maxFileSize: number;
  detect: DetectOptions;
  /** Where the caches are (none with `--no-cache`, or without a usable key). */
  store: CacheStore | undefined;
}

/** True when the scan sees only part of the history (so stale-suppression hints would mislead). */
function isPartialSelection(options: HistorySelectionOptions): boolean {
  return options.range !== undefined || options.branch !== undefined || options.since !== undefined;
}

/**
 * Compiles the rules and reads HEAD's tree, the suppression files and the cache; `refs` (every ref,
 * as listed for the run) tells about replace refs. Throws UserError for bad input.
 */
export async function prepareHistoryScan(
  facts: RepositoryFacts,
  refs: Promise<readonly ListedRef[]>,
  cwd: string,
  config: RunConfig,
  options: HistorySetupOptions,
): Promise<HistorySetup> {
  const { root, head } = facts;
  const ruleSet = runRuleSet(config);
  const signatures = new PathSignatures(ruleSet);
  // Everything that changes what the detector finds in a blob; the cache is trusted only under the same.
  const settings = {
    rules: ruleSet.rules.map((rule) => rule.syntax),
    allow: ruleSet.allow.syntax ?? {},
    maxFileSize: options.maxFileSize,
    detect: options.detect,
  };
  const [repoHints, headTree, suppressor, opened] = await Promise.all([
    repositoryHints(facts, refs),
    head ? treeBlobs(root, head) : new Map<string, string>(),
    createSuppressor({ reportStale: !isPartialSelection(options), ...options }, cwd, root, config.allow, true),
    options.store ? HistoryCache.open(options.store, settings, signatures) : { cache: undefined, hints: [] as Hint[] },
  ]);
  const hints = [...repoHints, ...opened.hints];
  return { ruleSet, hints, headTree, suppressor, signatures, cache: opened.cache };
}

/** The `git log` revision arguments for the options; user revisions are resolved to shas first. */
export async function historySelection(root: string, options: HistorySelectionOptions): Promise<string[]> {
  if (options.range !== undefined && options.branch !== undefined)
    throw new UserError("--range and --branch cannot be combined");
  const selection: string[] = [];
  if (options.range !== undefined) {
    const range = await resolveRange(root, options.range);
    selection.push(range.include, `^${range.exclude}`);
  } else if (options.branch !== undefined) {
    selection.push(await resolveCommit(root, options.branch, "--branch"));
  } else {
    selection.push("--all");
  }
  if (options.since !== undefined) {
    selection.push(`--since=${await validateSince(root, options.since)}`);
  }
  return selection;
}

/** Every blob of a commit's tree, as path → blob id. */
async function treeBlobs(root: string, commit: string): Promise<Map<string, string>> {
  const { stdout } = await git(root, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  const blobs = new Map<string, string>();
  for (const entry of splitNul(stdout)) {
    const tab = entry.indexOf("\t");
    const [, type, id] = entry.slice(0, tab).split(" ");
    if (type === "blob" && id) blobs.set(entry.slice(tab + 1), id);
  }
  return blobs;
}

/**
 * Hints about what a history scan cannot see (no commits at all, a shallow clone's cut-off) or
 * deliberately did not follow (replace refs and grafts, which would hide commits).
 */
async function repositoryHints(facts: RepositoryFacts, refs: Promise<readonly ListedRef[]>): Promise<Hint[]> {
  const hints: Hint[] = [];
  if (!facts.head)
    hints.push({
      code: "empty-repository",
      message: "the repository has no commits yet; nothing in history to scan (try secretscan staged)",
    });
  // A ref listing that failed is reported where the refs are named (markRefs); here it counts none.
  const listed = await refs.catch(() => []);
  const rewrites = await findHistoryRewrites(listed, facts.infoDir);
  if (facts.isShallow) {
    hints.push({
      code: "shallow-clone",
      message:
        "shallow clone: commits before the shallow boundary were not scanned (git fetch --unshallow to scan all)",
    });
  }
  if (rewrites.replaceRefs > 0) {
    hints.push({
      code: "replace-refs-ignored",
      message: `${rewrites.replaceRefs} replace ref(s) under refs/replace/ ignored: the real commits were scanned`,
    });
  }
  if (rewrites.hasGrafts)
    hints.push({
      code: "grafts-ignored",
      message: "the grafts file (.git/info/grafts) was ignored: the real parents were scanned",
    });
  return hints;
}
