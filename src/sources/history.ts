import { CatFile, objectSizes, StreamedSizes } from "../git/catFile.js";
import { git, GitError } from "../git/exec.js";
import { lossyEncoding, sniffBytes, startsWithAscii, type TextContent } from "../text/decode.js";
import { CommitGraph } from "./commitGraph.js";
import { HistoryIndexBuilder, type HistoryIndex, type Introduction } from "./historyIndex.js";
import { readHistoryLog } from "./historyLog.js";
import type { Diagnostic } from "./types.js";
import { isKnownBinaryAsset } from "./binaryAssets.js";

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
}

/**
 * A log pass under way. `result` settles when git log is done; `sawBlob` resolves true at the
 * first blob it finds (the moment to get detector threads ready), false if it ends with none;
 * `abort` stops git when the caller gives up before awaiting `result`.
 */
export interface RunningWalk {
  result: Promise<HistoryWalk>;
  sawBlob: Promise<boolean>;
  abort(): void;
}

const LFS_POINTER = "version https://git-lfs.github.com/spec/v1";

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
 */
export function startHistoryWalk(root: string, selection: readonly string[]): RunningWalk {
  const graph = selection.length === 1 && selection[0] === "--all" ? new CommitGraph() : undefined;
  let isAborted = false;
  let noteBlob: (seen: boolean) => void = () => undefined;
  const sawBlob = new Promise<boolean>((resolve) => (noteBlob = resolve));
  const result = (async (): Promise<HistoryWalk> => {
    const sizing = new StreamedSizes(root);
    const builder = new HistoryIndexBuilder((blobId) => {
      sizing.add(blobId);
      noteBlob(true);
    });
    let sizes: Map<string, number> | undefined;
    try {
      for await (const commits of readHistoryLog(root, selection)) {
        if (isAborted) throw new Error("history walk aborted");
        for (const commit of commits) {
          builder.add(commit);
          graph?.add(commit.info.sha, commit.parents);
        }
      }
      sizes = await sizing.result();
    } finally {
      if (!sizes) sizing.abort(); // the walk failed or was abandoned
      noteBlob(false);
    }
    return { index: builder.result(), sizes, ...(graph ? { graph } : {}) };
  })();
  // Handled where it is awaited; until then a failing git log (a corrupt repository) must not
  // count as an unhandled rejection, which would end the process with a stack trace.
  result.catch(() => undefined);
  const abort = () => {
    isAborted = true;
    result.catch(() => undefined); // nobody will await it
  };
  return { result, sawBlob, abort };
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
  if (startsWithAscii(content, LFS_POINTER)) return { sniff: { kind: "lfs-pointer" } };
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
