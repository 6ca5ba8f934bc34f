import { resolve } from "node:path";
import { loadRunConfig, type ConfigChoice, type RunConfig } from "../config/loadRunConfig.js";
import type { ChunkScanner } from "../detect/chunkScanner.js";
import { markExposure } from "../findings/exposure.js";
import { DeltaPlanner } from "../findings/deltaPlanner.js";
import { historyChunks, type PathSignatures } from "../findings/historyFanOut.js";
import { redactCommitMetadata } from "../findings/redactCommits.js";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import { resolveRange } from "../git/refs.js";
import { repositoryFacts } from "../git/repoFacts.js";
import { listRefs, noTipAnswers } from "../git/refTips.js";
import { versionControlInfo } from "../git/repoInfo.js";
import type { Hint } from "../problems.js";
import { historyFileFindings, type HistoryFileFindings } from "../secretFiles/history.js";
import {
  historyBlobs,
  isWholeHistory,
  startHistoryWalk,
  type HistoryProgress,
  type HistoryWalk,
} from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import { keepAddedLines } from "./historyAddedLines.js";
import type { HistoryCacheOptions } from "./historyCache.js";
import { hasCacheFile, openCacheStore } from "./historyCacheStore.js";
import { describeCommits } from "./historyDescribe.js";
import { readTipAnswers, saveTipAnswers } from "./historyRefsCache.js";
import { readWalkRecord, saveWalkRecord } from "./historyWalkCache.js";
import { markLastHeld } from "./historyLastHeld.js";
import { markRefs } from "./historyRefs.js";
import {
  historySelection,
  prepareHistoryScan,
  type HistorySelectionOptions,
  type HistorySetup,
} from "./historySetup.js";
import { assembleResult } from "./result.js";
import {
  createChunkScanner,
  detectOptions,
  runSources,
  historyThreadsOf,
  type Collected,
  type DetectionOptions,
} from "./runSources.js";
import { DEFAULT_MAX_FILE_SIZE } from "./limits.js";
import { historyFindingsInShard, historyShardRun, shardFilter, withShardInfo, type Shard } from "./shard.js";

/** Options of `scanHistory()`; every field is optional. */
export interface HistoryScanOptions
  extends SuppressionOptions,
    DetectionOptions,
    HistorySelectionOptions,
    HistoryCacheOptions {
  /** The repository (any directory inside it), relative to `cwd`. Default `cwd`. */
  repo?: string;
  /** Directory config discovery and `repo` are relative to. Default `process.cwd()`. */
  cwd?: string;
  config?: ConfigChoice;
  /** Bytes; larger blobs become diagnostics. Default: config's `maxFileSize`, else 10 MiB. */
  maxFileSize?: number;
  /** Also scan blobs that no ref reaches. */
  includeUnreachable?: boolean;
  onProgress?: (progress: HistoryProgress) => void;
  /** The clock for `exposedDays`; injectable for tests. */
  now?: () => Date;
  /** Scan only this shard of the blobs (by blob id), for `merge` to combine. */
  shard?: Shard;
  /**
   * Read every blob whole. By default a blob that modifies an earlier one is read only around what
   * it changes, the earlier version's findings carried over, and one the cache knows the matches
   * of only around those: the same findings, far less text.
   */
  wholeBlobs?: boolean;
}

/**
 * The delta planner for the blobs this run reads: its shard's, those the cache does not vouch for
 * (`isRead`; undefined when every blob is read, and no pass over the index is needed).
 */
function deltaPlanner(
  history: HistoryWalk,
  signatures: PathSignatures,
  isRead: ((blobId: string, introductions: readonly Introduction[]) => boolean) | undefined,
): DeltaPlanner {
  const isSameTreatment = (a: string, b: string) => a === b || signatures.of(a) === signatures.of(b);
  if (!isRead) return new DeltaPlanner(history.index.bases, undefined, isSameTreatment);
  const read = new Set<string>();
  for (const [blobId, introductions] of history.index.blobs) if (isRead(blobId, introductions)) read.add(blobId);
  return new DeltaPlanner(history.index.bases, (blobId) => read.has(blobId), isSameTreatment);
}

/** New content a repeat audit matches on the calling thread at most. */
const INLINE_BYTES = 4 * 1024 * 1024;

/** The run's detector; it keeps matches the allow-list covers, so suppression can count and report them. */
function historyScanner(setup: HistorySetup, options: HistoryScanOptions, threads: number): Promise<ChunkScanner> {
  const ruleSet = { ...setup.ruleSet, keepAllowed: true };
  return createChunkScanner(ruleSet, detectOptions(options), threads);
}

/**
 * Scans every blob reachable from every ref (or a range, a ref, a date window) once and reports
 * each secret per introduction, with the introducing commit, the commit that removed it, whether
 * HEAD still holds it and for how many days it has been exposed. Throws UserError for bad input.
 * "At HEAD" considers the blobs this scan read: with --range, --branch or --since that may miss
 * older copies.
 */
export async function scanHistory(options: HistoryScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const facts = await repositoryFacts(resolve(cwd, options.repo ?? "."));
  const { root, head } = facts;
  // Started while the calling thread is small (a child process costs more to start as it grows).
  const versionControl = head ? versionControlInfo(root, head) : undefined;
  versionControl?.catch(() => undefined); // awaited below
  const selection = await historySelection(root, options);
  const opened = await openCacheStore(facts.commonDir, cwd, options);
  const earlier = opened.store && hasCacheFile(opened.store.pathOf("walk")) ? readWalkRecord(opened.store) : undefined;
  // The log pass is the longest wait before the first blob: it starts first, and the rest is set up while it runs.
  const walk = startHistoryWalk(root, selection, {
    ...(earlier ? { earlier: earlier.then((read) => read.earlier?.record) } : {}),
    isRecorded: opened.store !== undefined && isWholeHistory(selection),
  });
  // Listed now, while git has little else to do (and spawning a child costs least), for `markRefs` at the end.
  const refList = listRefs(root);
  refList.catch(() => undefined); // awaited (and its failure reported) by markRefs
  const tipAnswers = opened.store ? readTipAnswers(opened.store) : undefined;
  let config: RunConfig;
  let setup: HistorySetup;
  let scanner: ChunkScanner | undefined;
  let maxFileSize: number;
  try {
    // An explicit --config is relative to cwd; otherwise the repository's own config applies.
    config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
    maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    setup = await prepareHistoryScan(facts, refList, cwd, config, {
      ...options,
      maxFileSize,
      detect: detectOptions(options),
      store: opened.store,
    });
    // Without a cache to consult, detector threads start up while git log still runs.
    if (!setup.cache?.hasEntries) scanner = await historyScanner(setup, options, historyThreadsOf(options));
  } catch (error) {
    walk.abort();
    throw error;
  }
  const early = scanner;
  if (early) void walk.sawBlob.then((seen) => seen && early.warm());
  void setup.signatures.warm(walk.paths, walk.result);
  const now = (options.now ?? (() => new Date()))();
  const { headTree, suppressor, cache } = setup;
  const isInShard = shardFilter(options.shard);
  let collected: Collected;
  let cacheHints: Hint[] = [];
  let filePass: Promise<{ found: HistoryFileFindings } | { error: unknown }>;
  let history: HistoryWalk;
  try {
    history = await walk.result;
    // A repeat audit reads few new blobs: with the built-in rules only (ReDoS-checked), as `staged`
    // does, they are matched on this thread rather than paying for detector threads' start-up.
    scanner ??= await historyScanner(
      setup,
      options,
      options.threads ??
        (!config.hasCustomRules && (cache?.unknownBytes(history, maxFileSize) ?? 0) <= INLINE_BYTES
          ? 0
          : historyThreadsOf(options)),
    );
    // Config-file pass (issue #5): sensitive files ever committed, judged from the index while the
    // blobs are scanned. It starts once the blob pass has asked git for its first blobs: its pass
    // over every path then runs while git inflates them, not before git has anything to do.
    const { fileRules, allow } = config;
    filePass = new Promise((resolve) => setImmediate(resolve))
      .then(() => historyFileFindings({ root, headTree, maxFileSize, now, index: history.index }, fileRules, allow))
      .then(
        (found) => ({ found }),
        (error: unknown) => ({ error }),
      );
    const blobs = historyBlobs(
      {
        root,
        maxFileSize,
        includeUnreachable: options.includeUnreachable ?? false,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(cache ? { known: cache.knownSniff, onSniffed: cache.noteSniff } : {}),
        ...(isInShard ? { isInShard } : {}),
      },
      history,
    );
    // Blobs the cache knows are not read, or read only around their matches: they neither get a plan nor serve as bases.
    const isRead =
      isInShard || cache?.hasEntries
        ? (blobId: string, introductions: readonly Introduction[]) =>
            (isInShard?.(blobId) ?? true) && !cache?.isKnown(blobId, introductions)
        : undefined;
    const planner = options.wholeBlobs ? undefined : deltaPlanner(history, setup.signatures, isRead);
    const source = historyChunks(blobs, setup.signatures, headTree, planner);
    collected = await runSources([source], setup.ruleSet, {
      detect: detectOptions(options),
      suppressor,
      scanner,
      ...(cache ? { onScanned: cache.noteScanned } : {}),
      ...(cache && !options.wholeBlobs ? { knownLines: cache.linesOf } : {}),
    });
    cacheHints = [
      ...opened.hints,
      ...((await earlier)?.hints ?? []),
      ...(opened.store ? await saveWalkRecord(opened.store, history, (await earlier)?.earlier) : []),
      ...((await cache?.save()) ?? []),
    ];
  } finally {
    await scanner?.close();
  }
  if (options.range !== undefined || options.since !== undefined) {
    // A pull request or a date window is blamed only for the lines its commits add, as `staged` is for the index.
    const base = options.range !== undefined ? (await resolveRange(root, options.range)).exclude : undefined;
    collected.findings = await keepAddedLines(root, collected.findings, base);
    collected.suppressed = await keepAddedLines(root, collected.suppressed, base);
  }
  const contentFindings = [...collected.findings, ...collected.suppressed];
  markExposure(contentFindings, headTree, now);
  const files = await filePass;
  if ("error" in files) throw files.error;
  const fileFindings = historyFindingsInShard(files.found.findings, isInShard);
  const historyFindings = [...contentFindings, ...fileFindings];
  const known = await tipAnswers;
  const answers = known?.earlier?.answers ?? noTipAnswers();
  const refs = await markRefs(
    root,
    historyFindings,
    history.index,
    files.found.versionsOf,
    history.graph,
    refList,
    answers,
  );
  if (opened.store) {
    const tips = new Set((await refList).flatMap((ref) => [ref.object, ref.peeled]));
    cacheHints.push(...(known?.hints ?? []), ...(await saveTipAnswers(opened.store, answers, known?.earlier, tips)));
  }
  // One read of commit facts serves the last holders and the commits the walk took from its record.
  const { graph } = history;
  await markLastHeld(root, historyFindings, head, refs.tipOf, {
    ...(graph ? { parentsOf: (sha: string) => graph.parentsOf(sha) } : {}),
    readFacts: (shas) => describeCommits(root, historyFindings, history.undescribed, shas),
  });
  redactCommitMetadata(historyFindings, setup.ruleSet);
  const result = assembleResult({
    started,
    root,
    config,
    collected,
    fileFindings,
    suppressor,
    hints: [...setup.hints, ...cacheHints, ...refs.hints],
    versionControl: await versionControl,
  });
  return withShardInfo(
    result,
    options.shard,
    historyShardRun(options, root, head, maxFileSize, config, collected.paths),
  );
}
