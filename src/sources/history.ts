import { CatFile, objectSizes, StreamedSizes } from "../git/catFile.js";
import { git, GitError } from "../git/exec.js";
import { isLfsPointer, lossyEncoding, sniffBytes, type TextContent } from "../text/decode.js";
import { CommitGraph } from "./commitGraph.js";
import { HistoryIndexBuilder, type HistoryIndex, type Introduction } from "./historyIndex.js";
import { type ListedCommit, type LogCommit, listWalkOrder, readHistoryLog, readLogCommits } from "./historyLog.js";
import type { Diagnostic } from "./types.js";
import { isKnownBinaryAsset } from "./binaryAssets.js";

/** True when `selection` is every ref's whole history (`--all`, no bound): a walk that sees every ref's commits. */
export function isWholeHistory(selection: readonly string[]): boolean {
  return selection.length === 1 && selection[0] === "--all";
}

/** A unique blob to scan once, with every (path, commit) that introduced it. */
export interface HistoryBlob {
  blobId: string;
  /**
   * The content, sniffed but (when UTF-8) not decoded: see `sniffedChunk`. Absent when the
   * history cache vouched for the blob (`HistoryBlobOptions.known`) and it was not read.
   */
  content?: TextContent;
  /** Its size as text: the UTF-8 bytes, or the UTF-8 length of decoded UTF-16. */
  bytes: number;
  /** Empty for an unreachable blob (no commit points at it). */
  introductions: Introduction[];
  /** The path diagnostics and unreachable findings use: the first introduction's, else `unreachable/<blob>`. */
  displayPath: string;
}

/** One item of the history stream. */
export type HistoryItem = { type: "blob"; blob: HistoryBlob } | { type: "diagnostic"; diagnostic: Diagnostic };

/** How far the blob pass is; bytes count only blobs small enough to be read. */
export interface HistoryProgress {
  blobsDone: number;
  blobsTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** What sniffing a blob found: enough to replay its items (diagnostics, text size) without reading it again. */
export type BlobSniff = { kind: "text"; bytes: number; lossy?: string } | { kind: "binary" } | { kind: "lfs-pointer" };

/** How the blob pass reads: size cap, unreachable blobs, progress, and the history cache's hooks. */
export interface HistoryBlobOptions {
  root: string;
  maxFileSize: number;
  /** Also scan blobs no ref reaches (`git fsck --unreachable --no-reflogs`). */
  includeUnreachable: boolean;
  onProgress?: (progress: HistoryProgress) => void;
  /** How a blob sniffed when the history cache vouches that nothing in it needs reading again; it is then not read. */
  known?: (blobId: string, introductions: readonly Introduction[], displayPath: string) => BlobSniff | undefined;
  /** Hears how each blob that was read sniffed. */
  onSniffed?: (blobId: string, sniff: BlobSniff) => void;
  /** Keeps only the blobs whose id it accepts (one shard of a split run); default all. */
  isInShard?: (blobId: string) => boolean;
}

/** What the log pass found: every blob of the walked history with its introductions, and the sizes git has for them. */
export interface HistoryWalk {
  index: HistoryIndex;
  sizes: Map<string, number>;
  /** The walked commits' parents, when the walk covered every ref (`--all`, no date bound): see `CommitGraph`. */
  graph?: CommitGraph;
  /**
   * Commits whose author name, e-mail and subject are blank in the index, since they came from a
   * `WalkRecord` (which keeps none of them): `describeCommits` fills them in where a finding names one.
   */
  undescribed: ReadonlySet<string>;
  /** What this walk read, for a `WalkRecord` to keep; absent when asked not to record (or too large to keep). */
  record?: WalkRecord;
}

/**
 * What a history walk read, for a later walk to reuse: each commit with its changes, and the size
 * of each blob. A commit's changes depend on the commit alone (its id fixes its parents and
 * trees), so they are reused wherever it appears in a later walk; only a commit whose parents
 * differ (a shallow clone since deepened) is read again. Author names, e-mails and subjects are
 * not kept (a subject may quote a secret): such commits are `undescribed`.
 */
export interface WalkRecord {
  /** In the walk's order. */
  commits: LogCommit[];
  sizes: ReadonlyMap<string, number>;
}

/** How a walk may use and keep records: the earlier one (if any), and whether to keep what this one reads. */
export interface WalkRecordOptions {
  /** An earlier walk's record, once read (undefined when there is none to use). */
  earlier?: Promise<WalkRecord | undefined>;
  /** Keep this walk's commits in `HistoryWalk.record`, up to `MAX_RECORDED_CHANGES` changes. */
  isRecorded?: boolean;
}

/** More changes than this and a walk is not recorded: its record would cost more to keep and read than it saves. */
const MAX_RECORDED_CHANGES = 2_000_000;

/**
 * A log pass under way. `result` settles when git log is done; `sawBlob` resolves true at the
 * first blob it finds (the moment to get detector threads ready), false if it ends with none;
 * `abort` stops git when the caller gives up before awaiting `result`.
 */
export interface RunningWalk {
  result: Promise<HistoryWalk>;
  sawBlob: Promise<boolean>;
  /** Every path a blob was written at so far, in the order met; it grows while the walk runs. */
  paths: readonly string[];
  abort(): void;
}

/**
 * Blobs to read from which two `cat-file --batch` processes share the reading: inflating is the
 * critical path of a history audit's blob pass, and two processes read the bench history's 300 MB
 * in 1.5 s where one took 2.3 s (with half the reading thread's CPU). Below this a second process
 * is not worth its start.
 */
const TWO_READERS_FROM = 2048;

/**
 * Starts the log pass at once: one `git log` builds the index while one `git cat-file
 * --batch-check` is asked each new blob's size as it appears, so the sizes are known when the
 * walk ends. `selection` holds `git log` revision arguments (validated shas or fixed options).
 * With an earlier walk's record, git lists the walk's commits only (no diffs), and only the
 * commits the record lacks are read in full; the index is built from both in the walk's order, so
 * it is the one a full walk builds.
 */
export function startHistoryWalk(
  root: string,
  selection: readonly string[],
  records: WalkRecordOptions = {},
): RunningWalk {
  const graph = isWholeHistory(selection) ? new CommitGraph() : undefined;
  let isAborted = false;
  let noteBlob: (seen: boolean) => void = () => undefined;
  const sawBlob = new Promise<boolean>((resolve) => (noteBlob = resolve));
  const paths: string[] = [];
  const result = (async (): Promise<HistoryWalk> => {
    // With a record to read, git lists the walk meanwhile (a record that turns out unusable wastes that listing).
    const listing = records.earlier ? listWalkOrder(root, selection) : undefined;
    listing?.catch(() => undefined); // awaited by replayedLog, or not needed
    const earlier = await records.earlier;
    const known = earlier?.sizes;
    const sizing = new StreamedSizes(root);
    const builder = new HistoryIndexBuilder(
      (blobId) => {
        if (!known?.has(blobId)) sizing.add(blobId);
        noteBlob(true);
      },
      (path) => paths.push(path),
    );
    const recorded: LogCommit[] | undefined = records.isRecorded ? [] : undefined;
    let changes = 0;
    const undescribed = new Set<string>();
    let sizes: Map<string, number> | undefined;
    try {
      const batches =
        earlier && listing ? replayedLog(root, listing, earlier, undescribed) : readHistoryLog(root, selection);
      for await (const commits of batches) {
        if (isAborted) throw new Error("history walk aborted");
        for (const commit of commits) {
          builder.add(commit);
          graph?.add(commit.info.sha, commit.parents);
          changes += commit.changes.length;
          recorded?.push(commit);
        }
      }
      sizes = await sizing.result();
    } finally {
      if (!sizes) sizing.abort(); // the walk failed or was abandoned
      noteBlob(false);
    }
    const index = builder.result();
    if (known)
      for (const blobId of index.blobs.keys())
        if (!sizes.has(blobId) && known.has(blobId)) sizes.set(blobId, known.get(blobId) as number);
    const isKept = recorded !== undefined && changes <= MAX_RECORDED_CHANGES;
    return {
      index,
      sizes,
      undescribed,
      ...(graph ? { graph } : {}),
      ...(isKept ? { record: { commits: recorded, sizes } } : {}),
    };
  })();
  // Handled where it is awaited; until then a failing git log (a corrupt repository) must not
  // count as an unhandled rejection, which would end the process with a stack trace.
  result.catch(() => undefined);
  const abort = () => {
    isAborted = true;
    result.catch(() => undefined); // nobody will await it
  };
  return { result, sawBlob, paths, abort };
}

/**
 * The walk's commits in its order: listed by git, each taken from `earlier` when recorded there
 * with the same parents, else read (all such at once, before the first is needed). Commits taken
 * from the record are added to `undescribed`.
 */
async function* replayedLog(
  root: string,
  listing: Promise<ListedCommit[]>,
  earlier: WalkRecord,
  undescribed: Set<string>,
): AsyncGenerator<LogCommit[]> {
  const recorded = new Map(earlier.commits.map((commit) => [commit.info.sha, commit]));
  const listed = await listing;
  const isRecorded = (commit: ListedCommit) => {
    const known = recorded.get(commit.sha);
    return known !== undefined && sameParents(known.parents, commit.parents);
  };
  const read = new Map<string, LogCommit>();
  for await (const commits of readLogCommits(
    root,
    listed.filter((commit) => !isRecorded(commit)).map((commit) => commit.sha),
  ))
    for (const commit of commits) read.set(commit.info.sha, commit);
  const ordered: LogCommit[] = [];
  for (const listedCommit of listed) {
    const commit =
      read.get(listedCommit.sha) ?? (isRecorded(listedCommit) ? recorded.get(listedCommit.sha) : undefined);
    if (!commit) throw new GitError("log", `commit ${listedCommit.sha} was listed but not read`);
    if (!read.has(listedCommit.sha)) undescribed.add(listedCommit.sha);
    ordered.push(commit);
  }
  yield ordered;
}

function sameParents(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((parent, index) => parent === b[index]);
}

/**
 * Yields every blob of a finished walk once, with its introductions, streamed from one long-lived
 * `git cat-file --batch` (too-large blobs are never read). Submodules, binary blobs, LFS pointers
 * and missing objects (shallow or partial clones) become diagnostics.
 */
export async function* historyBlobs(options: HistoryBlobOptions, walk: HistoryWalk): AsyncGenerator<HistoryItem> {
  for (const diagnostic of walk.index.diagnostics) yield { type: "diagnostic", diagnostic };
  if (!options.includeUnreachable) {
    yield* readBlobs(options, walk.index.blobs, walk.sizes);
    return;
  }
  // Unreachable blobs join copies of the walk's maps: the walk's index is what the config-file pass judges.
  const blobs = new Map<string, Introduction[]>(walk.index.blobs);
  const sizes = new Map(walk.sizes);
  const unreachable = await unreachableBlobs(options.root);
  for (const diagnostic of unreachable.diagnostics) yield { type: "diagnostic", diagnostic };
  for (const blobId of unreachable.blobIds) if (!blobs.has(blobId)) blobs.set(blobId, []);
  const unsized = unreachable.blobIds.filter((blobId) => !sizes.has(blobId));
  for (const [blobId, size] of await objectSizes(options.root, unsized)) sizes.set(blobId, size);
  yield* readBlobs(options, blobs, sizes);
}

async function* readBlobs(
  options: HistoryBlobOptions,
  allBlobs: ReadonlyMap<string, Introduction[]>,
  sizes: ReadonlyMap<string, number>,
): AsyncGenerator<HistoryItem> {
  const isInShard = options.isInShard;
  const blobs = isInShard ? new Map([...allBlobs].filter(([blobId]) => isInShard(blobId))) : allBlobs;
  const wanted: string[] = [];
  const progress: HistoryProgress = { blobsDone: 0, blobsTotal: blobs.size, bytesDone: 0, bytesTotal: 0 };
  for (const [blobId, introductions] of blobs) {
    const size = sizes.get(blobId);
    const path = displayPath(blobId, introductions);
    if (size === undefined) {
      progress.blobsDone += 1;
      yield diagnostic(
        path,
        "git-error",
        "warning",
        `blob ${blobId.slice(0, 12)} is not in the object database (shallow or partial clone?); not scanned`,
      );
    } else if (size > options.maxFileSize) {
      progress.blobsDone += 1;
      yield diagnostic(
        path,
        "too-large",
        "warning",
        `blob ${blobId.slice(0, 12)}: ${size} bytes exceeds the ${options.maxFileSize}-byte limit (--max-file-size)`,
      );
    } else {
      progress.bytesTotal += size;
      const sniff = options.known?.(blobId, introductions, path);
      if (!sniff) wanted.push(blobId);
      else {
        progress.blobsDone += 1;
        progress.bytesDone += size;
        yield* sniffedItems(blobId, sniff, undefined, introductions, path);
      }
    }
  }
  options.onProgress?.({ ...progress });
  const reader = new CatFile(options.root, wanted.length >= TWO_READERS_FROM ? 2 : 1);
  try {
    for await (const object of reader.objects(wanted)) {
      const introductions = blobs.get(object.oid) ?? [];
      const path = displayPath(object.oid, introductions);
      progress.blobsDone += 1;
      if (object.isMissing) {
        yield diagnostic(
          path,
          "git-error",
          "warning",
          `blob ${object.oid.slice(0, 12)} could not be read; not scanned`,
        );
        continue;
      }
      progress.bytesDone += object.size;
      const { sniff, content } = sniffBlob(object.content);
      options.onSniffed?.(object.oid, sniff);
      yield* sniffedItems(object.oid, sniff, content, introductions, path);
      options.onProgress?.({ ...progress });
    }
  } finally {
    await reader.close();
  }
}

/** Sniffs a blob's bytes: binary, an LFS pointer, or text (with its size and any lossy decoding). */
function sniffBlob(bytes: Buffer): { sniff: BlobSniff; content?: TextContent } {
  const content = sniffBytes(bytes);
  if (content.kind === "binary") return { sniff: { kind: "binary" } };
  if (isLfsPointer(content)) return { sniff: { kind: "lfs-pointer" } };
  const size = content.kind === "utf-8" ? content.body.length : Buffer.byteLength(content.decoded.text);
  const lossy = lossyEncoding(content);
  return { sniff: { kind: "text", bytes: size, ...(lossy ? { lossy } : {}) }, content };
}

/** A sniffed blob as items: the blob to scan (its content absent when not read) or the diagnostic that explains why it is not scanned. */
function sniffedItems(
  blobId: string,
  sniff: BlobSniff,
  content: TextContent | undefined,
  introductions: Introduction[],
  path: string,
): HistoryItem[] {
  if (sniff.kind === "binary") {
    if (isKnownBinaryAsset(path))
      return [
        diagnostic(
          path,
          "binary-asset",
          "note",
          `binary asset blob ${blobId.slice(0, 12)} (by its extension); not scanned`,
        ),
      ];
    return [
      diagnostic(
        path,
        "binary",
        "warning",
        `binary blob ${blobId.slice(0, 12)} (NUL bytes in the first 8 KiB); not scanned`,
      ),
    ];
  }
  if (sniff.kind === "lfs-pointer") {
    return [
      diagnostic(
        path,
        "lfs-pointer",
        "note",
        `Git LFS pointer (blob ${blobId.slice(0, 12)}); the LFS object itself is not scanned`,
      ),
    ];
  }
  const blob: HistoryBlob = { blobId, bytes: sniff.bytes, introductions, displayPath: path };
  const items: HistoryItem[] = [{ type: "blob", blob: content ? { ...blob, content } : blob }];
  if (sniff.lossy)
    items.push(
      diagnostic(
        path,
        "undecodable",
        "note",
        `blob ${blobId.slice(0, 12)}: invalid ${sniff.lossy}; scanned with replacement characters`,
      ),
    );
  return items;
}

function displayPath(blobId: string, introductions: Introduction[]): string {
  return introductions[0]?.path ?? `unreachable/${blobId}`;
}

function diagnostic(
  path: string,
  reason: Diagnostic["reason"],
  level: Diagnostic["level"],
  message: string,
): HistoryItem {
  return { type: "diagnostic", diagnostic: { path, reason, level, message } };
}

/** Blob ids no ref reaches (reflogs do not count as references, so amended-away content is found). */
async function unreachableBlobs(root: string): Promise<{ blobIds: string[]; diagnostics: Diagnostic[] }> {
  try {
    const { stdout } = await git(root, ["fsck", "--unreachable", "--no-reflogs", "--no-progress"]);
    const blobIds = stdout
      .split("\n")
      .flatMap((line) => /^unreachable blob ([0-9a-f]{40,64})$/.exec(line)?.slice(1) ?? []);
    return { blobIds, diagnostics: [] };
  } catch (error) {
    const message = error instanceof GitError ? error.message : String(error);
    return {
      blobIds: [],
      diagnostics: [
        { path: ".", reason: "git-error", level: "warning", message: `could not list unreachable objects: ${message}` },
      ],
    };
  }
}
