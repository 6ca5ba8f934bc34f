import { resolve } from "node:path";
import { loadRunConfig, type ConfigChoice } from "./config/loadRunConfig.js";
import { UserError } from "./config/problems.js";
import { createRuleSet } from "./detect/ruleSet.js";
import { compareFindings } from "./findings/dedupe.js";
import { finalizeFindings } from "./findings/finalize.js";
import { createSuppressor, type SuppressionOptions } from "./findings/suppressionFiles.js";
import type { Finding, Hint, ScanResult } from "./findings/types.js";
import { git, splitNul } from "./git/exec.js";
import { headCommit, repositoryRoot, resolveCommit, resolveRange } from "./git/refs.js";
import { versionControlInfo } from "./git/repoInfo.js";
import { packageVersion } from "./packageFiles.js";
import { DEFAULT_MAX_FILE_SIZE } from "./scan.js";
import { ruleInfos } from "./result.js";
import { InFlight } from "./inFlight.js";
import { createChunkScanner, detectOptions, scanOneChunk, threadsOf, type DetectionOptions } from "./runSources.js";
import { historySource, type HistoryProgress } from "./sources/history.js";
import { historyBlobFindings, PathSignatures } from "./sources/historyFanOut.js";
import type { Chunk, Diagnostic } from "./sources/types.js";
import type { HistoryIndex } from "./sources/historyIndex.js";
import { textContentBytes } from "./sources/decode.js";
import { historyFileFindings } from "./configFiles/history.js";

/** Options of `scanHistory()`; every field is optional. */
export interface HistoryScanOptions extends SuppressionOptions, DetectionOptions {
  /** The repository (any directory inside it), relative to `cwd`. Default `cwd`. */
  repo?: string;
  /** Directory config discovery and `repo` are relative to. Default `process.cwd()`. */
  cwd?: string;
  config?: ConfigChoice;
  /** Bytes; larger blobs become diagnostics. Default: config's `maxFileSize`, else 10 MiB. */
  maxFileSize?: number;
  /** `A..B`: only blobs introduced by commits in B but not in A (a pull request's commits). */
  range?: string;
  /** Walk only the history of this ref instead of every ref. */
  branch?: string;
  /** Only commits newer than this date (anything `git log --since` accepts). */
  since?: string;
  /** Also scan blobs that no ref reaches. */
  includeUnreachable?: boolean;
  onProgress?: (progress: HistoryProgress) => void;
  /** The clock for `exposedDays`; injectable for tests. */
  now?: () => Date;
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
  // An explicit --config is relative to cwd; otherwise the repository's own config applies.
  const config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
  const ruleSet = createRuleSet(config.rules, config.allow);
  const head = await headCommit(root);
  const hints: Hint[] = [...config.hints, ...(await repositoryHints(root, head))];
  const selection = await historySelection(root, options);
  const headTree = head ? await treeBlobs(root, head) : new Map<string, string>();
  const signatures = new PathSignatures(ruleSet);
  const isPartial = options.range !== undefined || options.branch !== undefined || options.since !== undefined;
  const suppressor = await createSuppressor({ reportStale: !isPartial, ...options }, cwd, root, config.allow);
  const scanner = createChunkScanner({ ...ruleSet, keepAllowed: true }, detectOptions(options), threadsOf(options).threads);
  const detect = async (chunk: Chunk) => {
    const collected = await scanOneChunk(scanner, chunk, suppressor);
    diagnostics.push(...collected.diagnostics);
    return { findings: finalizeFindings(collected.findings, config.rules), suppressed: finalizeFindings(collected.suppressed, config.rules) };
  };
  const found: Finding[] = [];
  const suppressed: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const stats = { files: new Set<string>(), bytes: 0, blobs: 0 };
  const configFiles: { index?: HistoryIndex } = {}; // the config-file pass (issue #5) judges the paths of this index
  const source = historySource({
    onIndex: (index) => (configFiles.index = index),
    root,
    selection,
    maxFileSize: options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    includeUnreachable: options.includeUnreachable ?? false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const window = new InFlight(MAX_PENDING_BLOBS, MAX_PENDING_BYTES);
  try {
    for await (const item of source) {
      if (item.type === "diagnostic") {
        diagnostics.push(item.diagnostic);
        continue;
      }
      stats.blobs += 1;
      const size = textContentBytes(item.blob.content);
      stats.bytes += size;
      for (const introduction of item.blob.introductions) stats.files.add(introduction.path);
      const task = historyBlobFindings(detect, item.blob, signatures, headTree).then((blobFindings) => {
        found.push(...blobFindings.findings);
        suppressed.push(...blobFindings.suppressed);
      });
      await window.add(task, size);
    }
    await window.drain();
  } finally {
    await scanner.close();
  }
  const split = suppressor.apply(found);
  const findings = split.findings;
  markExposure([...findings, ...suppressed, ...split.suppressed], headTree, (options.now ?? (() => new Date()))());
  // Config-file pass (issue #5): sensitive files ever committed, with the introducing commit, even if deleted since.
  const fileOptions = { root, headTree, maxFileSize: options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, now: (options.now ?? (() => new Date()))() };
  const fileSplit = suppressor.apply(configFiles.index ? await historyFileFindings({ ...fileOptions, index: configFiles.index }, config.fileRules, config.allow) : []);
  findings.push(...fileSplit.findings);
  suppressed.push(...fileSplit.suppressed);
  return {
    tool: { name: "secretscan", version: packageVersion() },
    root,
    findings: findings.sort(compareFindings),
    suppressed: [...suppressed, ...split.suppressed].sort(compareFindings),
    diagnostics,
    stats: { files: stats.files.size, bytes: stats.bytes, blobs: stats.blobs, rules: config.rules.length, durationMs: Math.round(performance.now() - started) },
    hints: [...hints, ...suppressor.staleHints()],
    rules: ruleInfos(config),
    ...(head ? { versionControl: await versionControlInfo(root, head) } : {}),
  };
}

/** The `git log` revision arguments for the options; user revisions are resolved to shas first. */
async function historySelection(root: string, options: HistoryScanOptions): Promise<string[]> {
  if (options.range !== undefined && options.branch !== undefined) throw new UserError("--range and --branch cannot be combined");
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
    if (options.since.trim() === "" || /[\0\r\n]/.test(options.since)) throw new UserError(`--since: not a date: "${options.since}"`);
    selection.push(`--since=${options.since}`);
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

/** Sets `presentAtHead` (HEAD holds a blob with the same secret) and `exposedDays` on every git finding. */
function markExposure(findings: Finding[], headTree: Map<string, string>, now: Date): void {
  const headBlobIds = new Set(headTree.values());
  const liveSecrets = new Set(findings.filter((f) => f.provenance.type === "git-blob" && headBlobIds.has(f.provenance.blobId)).map((f) => f.secretHash));
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob") continue;
    provenance.presentAtHead = liveSecrets.has(finding.secretHash);
    if (provenance.firstCommittedAt) provenance.exposedDays = Math.max(0, Math.floor((now.getTime() - Date.parse(provenance.firstCommittedAt)) / DAY_MS));
  }
}

/** Hints about what a history scan cannot see: no commits at all, or a shallow clone's cut-off. */
async function repositoryHints(root: string, head: string | undefined): Promise<Hint[]> {
  const hints: Hint[] = [];
  if (!head) hints.push({ code: "empty-repository", message: "the repository has no commits yet; nothing in history to scan (try secretscan staged)" });
  const shallow = await git(root, ["rev-parse", "--is-shallow-repository"]).catch(() => ({ stdout: "false" }));
  if (shallow.stdout.trim() === "true") {
    hints.push({ code: "shallow-clone", message: "shallow clone: commits before the shallow boundary were not scanned (git fetch --unshallow to scan all)" });
  }
  return hints;
}
