import { CatFile, objectSizes, StreamedSizes } from "../git/catFile.js";
import { git, GitError } from "../git/exec.js";
import { lossyEncoding, sniffBytes, startsWithAscii, type TextContent } from "../text/decode.js";
import { HistoryIndexBuilder, type HistoryIndex, type Introduction } from "./historyIndex.js";
import { readHistoryLog } from "./historyLog.js";
import type { Diagnostic } from "./types.js";
import { isKnownBinaryAsset } from "./binaryAssets.js";

/** A unique blob to scan once, with every (path, commit) that introduced it. */
export interface HistoryBlob {
  blobId: string;
  /** The content, sniffed but (when UTF-8) not decoded: see `sniffedChunk`. */
  content: TextContent;
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

/** How the blob pass reads: size cap, unreachable blobs, progress. */
export interface HistoryBlobOptions {
  root: string;
  maxFileSize: number;
  /** Also scan blobs no ref reaches (`git fsck --unreachable --no-reflogs`). */
  includeUnreachable: boolean;
  onProgress?: (progress: HistoryProgress) => void;
  /** Keeps only the blobs whose id it accepts (one shard of a split run); default all. */
  isInShard?: (blobId: string) => boolean;
}

/** What the log pass found: every blob of the walked history with its introductions, and the sizes git has for them. */
export interface HistoryWalk {
  index: HistoryIndex;
  sizes: Map<string, number>;
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
 * Starts the log pass at once: one `git log` builds the index while one `git cat-file
 * --batch-check` is asked each new blob's size as it appears, so the sizes are known when the
 * walk ends. `selection` holds `git log` revision arguments (validated shas or fixed options).
 */
export function startHistoryWalk(root: string, selection: readonly string[]): RunningWalk {
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
      for await (const commit of readHistoryLog(root, selection)) {
        if (isAborted) throw new Error("history walk aborted");
        builder.add(commit);
      }
      sizes = await sizing.result();
    } finally {
      if (!sizes) sizing.abort(); // the walk failed or was abandoned
      noteBlob(false);
    }
    return { index: builder.result(), sizes };
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
      wanted.push(blobId);
      progress.bytesTotal += size;
    }
  }
  options.onProgress?.({ ...progress });
  const reader = new CatFile(options.root);
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
      yield* blobItems(object.oid, object.content, introductions, path);
      options.onProgress?.({ ...progress });
    }
  } finally {
    await reader.close();
  }
}

/** Sniffs one blob into a scannable item or the diagnostic that explains why it is not scanned. */
function blobItems(blobId: string, bytes: Buffer, introductions: Introduction[], path: string): HistoryItem[] {
  const content = sniffBytes(bytes);
  if (content.kind === "binary") {
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
  if (startsWithAscii(content, LFS_POINTER)) {
    return [
      diagnostic(
        path,
        "lfs-pointer",
        "note",
        `Git LFS pointer (blob ${blobId.slice(0, 12)}); the LFS object itself is not scanned`,
      ),
    ];
  }
  const items: HistoryItem[] = [{ type: "blob", blob: { blobId, content, introductions, displayPath: path } }];
  const lossy = lossyEncoding(content);
  if (lossy)
    items.push(
      diagnostic(
        path,
        "undecodable",
        "note",
        `blob ${blobId.slice(0, 12)}: invalid ${lossy}; scanned with replacement characters`,
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
