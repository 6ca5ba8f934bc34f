import { resolve } from "node:path";
import { loadRunConfig, type ConfigChoice, type RunConfig } from "../config/loadRunConfig.js";
import type { ChunkScanner } from "../detect/chunkScanner.js";
import { compareFindings } from "../findings/dedupe.js";
import { redactCommitMetadata } from "../findings/redactCommits.js";
import { finalizeFindings } from "../findings/finalize.js";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { Finding, ScanResult } from "../findings/types.js";
import { repositoryRoot, resolveRange } from "../git/refs.js";
import { versionControlInfo } from "../git/repoInfo.js";
import {
  historySelection,
  prepareHistoryScan,
  type HistorySelectionOptions,
  type HistorySetup,
} from "./historySetup.js";
import { keepAddedLines } from "./historyAddedLines.js";
import { InFlight } from "../util/inFlight.js";
import { packageVersion } from "../util/packageFiles.js";
import { ruleInfos } from "./result.js";
import { createChunkScanner, detectOptions, scanOneChunk, threadsOf, type DetectionOptions } from "./runSources.js";
import { DEFAULT_MAX_FILE_SIZE } from "./scan.js";
import { textContentBytes } from "../text/decode.js";
import { historyBlobs, startHistoryWalk, type HistoryItem, type HistoryProgress } from "../sources/history.js";
import { historyBlobFindings, PathSignatures } from "../findings/historyFanOut.js";
import type { Diagnostic } from "../sources/types.js";
import type { Chunk } from "../text/chunk.js";
import { historyFileFindings } from "../secretFiles/history.js";
import { markRefs } from "./historyRefs.js";
import { historyFindingsInShard, historyShardRun, shardFilter, withShardInfo, type Shard } from "./shard.js";

/** Options of `scanHistory()`; every field is optional. */
export interface HistoryScanOptions extends SuppressionOptions, DetectionOptions, HistorySelectionOptions {
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
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Blobs (and bytes) being matched at once: keeps every detector thread busy while bounding memory. */
const MAX_PENDING_BLOBS = 256;
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

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
  const root = await repositoryRoot(resolve(cwd, options.repo ?? "."), true);
  // The log pass is the longest wait before the first blob: it starts first, and the rest is set up while it runs.
  const walk = startHistoryWalk(root, await historySelection(root, options));
  let config: RunConfig;
  let setup: HistorySetup;
  let scanner: ChunkScanner;
  try {
    // An explicit --config is relative to cwd; otherwise the repository's own config applies.
    config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
    setup = await prepareHistoryScan(root, cwd, config, options);
    scanner = createChunkScanner(
      { ...setup.ruleSet, keepAllowed: true },
      detectOptions(options),
      threadsOf(options).threads,
    );
  } catch (error) {
    walk.abort();
    throw error;
  }
  void walk.sawBlob.then((seen) => seen && scanner.warm()); // detector threads start up while git log still runs
  const now = (options.now ?? (() => new Date()))();
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const { headTree, suppressor } = setup;
  const isInShard = shardFilter(options.shard);
  let blobPass: BlobPass;
  let filePass: Promise<{ found: Finding[] } | { error: unknown }>;
  try {
    const history = await walk.result;
    // Config-file pass (issue #5): sensitive files ever committed, judged from the index while the blobs are scanned.
    filePass = historyFileFindings(
      { root, headTree, maxFileSize, now, index: history.index },
      config.fileRules,
      config.allow,
    ).then(
      (found) => ({ found }),
      (error: unknown) => ({ error }),
    );
    const source = historyBlobs(
      {
        root,
        maxFileSize,
        includeUnreachable: options.includeUnreachable ?? false,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(isInShard ? { isInShard } : {}),
      },
      history,
    );
    blobPass = await scanBlobs(source, scanner, setup, config.rules);
  } finally {
    await scanner.close();
  }
  if (options.range !== undefined || options.since !== undefined) {
    // A pull request or a date window is blamed only for the lines its commits add, as `staged` is for the index.
    const base = options.range !== undefined ? (await resolveRange(root, options.range)).exclude : undefined;
    blobPass.found = await keepAddedLines(root, blobPass.found, base);
    blobPass.suppressed = await keepAddedLines(root, blobPass.suppressed, base);
  }
  const split = suppressor.apply(blobPass.found);
  const findings = split.findings;
  const suppressed = [...blobPass.suppressed, ...split.suppressed];
  markExposure([...findings, ...suppressed], headTree, now);
  const refHints = await markRefs(root, [...findings, ...suppressed]);
  const files = await filePass;
  if ("error" in files) throw files.error;
  const fileSplit = suppressor.apply(historyFindingsInShard(files.found, isInShard));
  findings.push(...fileSplit.findings);
  suppressed.push(...fileSplit.suppressed);
  redactCommitMetadata([...findings, ...suppressed], setup.ruleSet);
  const { stats } = blobPass;
  const result: ScanResult = {
    tool: { name: "secretscan", version: packageVersion() },
    root,
    findings: findings.sort(compareFindings),
    suppressed: suppressed.sort(compareFindings),
    diagnostics: blobPass.diagnostics,
    stats: {
      files: stats.files.size,
      bytes: stats.bytes,
      blobs: stats.blobs,
      rules: config.rules.length,
      durationMs: Math.round(performance.now() - started),
    },
    hints: [...setup.hints, ...refHints, ...suppressor.staleHints()],
    rules: ruleInfos(config),
    ...(setup.head ? { versionControl: await versionControlInfo(root, setup.head) } : {}),
  };
  return withShardInfo(
    result,
    options.shard,
    historyShardRun(options, root, setup.head, maxFileSize, config, stats.files),
  );
}

/** What the blob pass found, before the run's suppression files are applied. */
interface BlobPass {
  found: Finding[];
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  stats: { files: Set<string>; bytes: number; blobs: number };
}

/** Runs every blob of the stream through the detector, a bounded window of them at once. */
async function scanBlobs(
  source: AsyncIterable<HistoryItem>,
  scanner: ChunkScanner,
  setup: HistorySetup,
  rules: RunConfig["rules"],
): Promise<BlobPass> {
  const pass: BlobPass = {
    found: [],
    suppressed: [],
    diagnostics: [],
    stats: { files: new Set(), bytes: 0, blobs: 0 },
  };
  const signatures = new PathSignatures(setup.ruleSet);
  const detect = async (chunk: Chunk) => {
    const collected = await scanOneChunk(scanner, chunk, setup.suppressor);
    pass.diagnostics.push(...collected.diagnostics);
    return {
      findings: finalizeFindings(collected.findings, rules),
      suppressed: finalizeFindings(collected.suppressed, rules),
    };
  };
  const window = new InFlight(MAX_PENDING_BLOBS, MAX_PENDING_BYTES);
  for await (const item of source) {
    if (item.type === "diagnostic") {
      pass.diagnostics.push(item.diagnostic);
      continue;
    }
    const size = textContentBytes(item.blob.content);
    pass.stats.blobs += 1;
    pass.stats.bytes += size;
    for (const introduction of item.blob.introductions) pass.stats.files.add(introduction.path);
    const task = historyBlobFindings(detect, item.blob, signatures, setup.headTree).then((blobFindings) => {
      pass.found.push(...blobFindings.findings);
      pass.suppressed.push(...blobFindings.suppressed);
    });
    await window.add(task, size);
  }
  await window.drain();
  return pass;
}

/** Sets `presentAtHead` (HEAD holds a blob with the same secret) and `exposedDays` on every git finding. */
function markExposure(findings: Finding[], headTree: Map<string, string>, now: Date): void {
  const headBlobIds = new Set(headTree.values());
  const liveSecrets = new Set(
    findings
      .filter((f) => f.provenance.type === "git-blob" && headBlobIds.has(f.provenance.blobId))
      .map((f) => f.secretHash),
  );
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob") continue;
    provenance.presentAtHead = liveSecrets.has(finding.secretHash);
    if (provenance.firstCommittedAt)
      provenance.exposedDays = Math.max(
        0,
        Math.floor((now.getTime() - Date.parse(provenance.firstCommittedAt)) / DAY_MS),
      );
  }
}
