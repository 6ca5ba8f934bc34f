import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, realpath } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ChunkOutcome } from "../detect/chunkScanner.js";
import { type PathSignatures, treatmentGroups } from "../findings/historyFanOut.js";
import { git } from "../git/exec.js";
import type { Hint } from "../problems.js";
import type { BlobSniff, HistoryWalk } from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import type { ChunkItem } from "../sources/types.js";
import { writeOutputFile } from "../util/outputFile.js";
import { packageVersion } from "../util/packageFiles.js";
import { userCacheKey } from "../util/userKey.js";
import { type CachedBlob, type CacheIdentity, parseCache, serializeCache } from "./historyCacheFile.js";

/** Whether and where `history` keeps its cache of scanned blobs. */
export interface HistoryCacheOptions {
  /** Keep a cache (default true); false for `--no-cache`. */
  cache?: boolean;
  /** Folder for the cache, relative to `cwd`. Default: `secretscan/` in the repository's git directory. */
  cacheDir?: string;
}

/** Where a cache file goes and whether its folder is the repository's (where links are refused). */
interface CacheLocation {
  dir: string;
  path: string;
  isInRepository: boolean;
}

/**
 * What earlier history runs learnt of each blob: how it sniffed, and under which path treatments
 * the detector found nothing in it. A blob with no match under every treatment this run needs is
 * not read again; every other blob is scanned as on a first run, so findings (and their
 * provenance, fan-out and exposure, always recomputed) are those of a full run. Only blobs with
 * no match at all are remembered, so the cache holds no secret and no position of one. The file
 * is authenticated with this user's key: a repository cannot ship one that hides its secrets.
 */
export class HistoryCache {
  private readonly fresh = new Map<string, CachedBlob>();

  private constructor(
    private readonly key: Buffer,
    private readonly identity: CacheIdentity,
    private readonly location: CacheLocation,
    private readonly known: ReadonlyMap<string, CachedBlob>,
    private readonly signatures: PathSignatures,
  ) {}

  /**
   * Opens the cache for a run, or returns none (`--no-cache`, or no usable key) with hints. A
   * cache that cannot be used (corrupt, foreign, stale, not a regular file) is ignored with a hint.
   * `settings` are the rules and options that change what the detector finds.
   */
  static async open(
    root: string,
    cwd: string,
    options: HistoryCacheOptions,
    settings: unknown,
    signatures: PathSignatures,
  ): Promise<{ cache?: HistoryCache; hints: Hint[] }> {
    if (options.cache === false) return { hints: [] };
    let key: Buffer;
    let identity: CacheIdentity;
    try {
      key = await userCacheKey();
      const gitDir = (await git(root, ["rev-parse", "--git-common-dir"])).stdout.trim();
      identity = { repository: await realpath(resolve(root, gitDir)), settings: await settingsHash(settings) };
    } catch (error) {
      return { hints: [cacheHint(`history cache off: ${(error as Error).message}`)] };
    }
    const { repository } = identity;
    const location = cacheLocation(repository, cwd, options.cacheDir);
    const read = await readCache(key, identity, location.path);
    const cache = new HistoryCache(key, identity, location, read.blobs, signatures);
    return { cache, hints: read.problem ? [cacheHint(`history cache ${location.path} ignored: ${read.problem}`)] : [] };
  }

  /** True when earlier runs left something to reuse. */
  get hasEntries(): boolean {
    return this.known.size > 0;
  }

  /** Bytes of the walk's blobs this run will have to read and scan (those within the size limit it cannot vouch for). */
  unknownBytes(walk: HistoryWalk, maxFileSize: number): number {
    let bytes = 0;
    for (const [blobId, introductions] of walk.index.blobs) {
      const size = walk.sizes.get(blobId) ?? 0;
      const displayPath = introductions[0]?.path ?? "";
      if (size <= maxFileSize && !this.knownSniff(blobId, introductions, displayPath)) bytes += size;
    }
    return bytes;
  }

  /** For `HistoryBlobOptions.known`: how the blob sniffed, when no treatment it needs now can find anything in it. */
  readonly knownSniff = (
    blobId: string,
    introductions: readonly Introduction[],
    displayPath: string,
  ): BlobSniff | undefined => {
    const entry = this.known.get(blobId);
    if (entry?.sniff.kind !== "text") return entry?.sniff;
    const paths =
      introductions.length === 0
        ? [displayPath]
        : treatmentGroups(introductions, this.signatures).map((group) => (group[0] as Introduction).path);
    return paths.every((path) => entry.clean.has(this.signatures.of(path))) ? entry.sniff : undefined;
  };

  /** For `HistoryBlobOptions.onSniffed`. */
  readonly noteSniff = (blobId: string, sniff: BlobSniff): void => {
    this.fresh.set(blobId, { sniff, clean: new Set() });
  };

  /** For `RunOptions.onScanned`: a blob read at a path with no match at all (and in time) is clean under that path's treatment. */
  readonly noteScanned = (item: ChunkItem, outcome: ChunkOutcome): void => {
    const provenance = item.chunk.provenance;
    if (provenance.type !== "git-blob" || !outcome.ok || outcome.findings.length > 0) return;
    this.fresh.get(provenance.blobId)?.clean.add(this.signatures.of(provenance.path));
  };

  /** Writes what this run learnt, merged with what was known; problems become hints, never errors. */
  async save(): Promise<Hint[]> {
    const learnt = [...this.fresh].filter(([, entry]) => entry.sniff.kind !== "text" || entry.clean.size > 0);
    if (learnt.length === 0) return [];
    const merged = new Map(this.known);
    for (const [blobId, entry] of learnt) {
      const before = merged.get(blobId);
      merged.set(blobId, before ? { sniff: entry.sniff, clean: new Set([...before.clean, ...entry.clean]) } : entry);
    }
    try {
      await writeCache(this.location, serializeCache(this.key, this.identity, merged));
      return [];
    } catch (error) {
      return [cacheHint(`history cache ${this.location.path} not written: ${(error as Error).message}`)];
    }
  }
}

function cacheHint(message: string): Hint {
  return { code: "history-cache", message };
}

/** The default folder is the repository's own; a `--cache-dir` may serve many repositories, one file each. */
function cacheLocation(repository: string, cwd: string, cacheDir: string | undefined): CacheLocation {
  if (cacheDir === undefined) {
    const dir = join(repository, "secretscan");
    return { dir, path: join(dir, "history.cache"), isInRepository: true };
  }
  const dir = resolve(cwd, cacheDir);
  const name = `history-${createHash("sha256").update(repository).digest("hex").slice(0, 16)}.cache`;
  return { dir, path: join(dir, name), isInRepository: false };
}

async function readCache(
  key: Buffer,
  identity: CacheIdentity,
  path: string,
): Promise<{ blobs: Map<string, CachedBlob>; problem?: string }> {
  if (!(await lstat(path).catch(() => undefined))) return { blobs: new Map() };
  try {
    // O_NOFOLLOW refuses a link; O_NONBLOCK keeps a FIFO planted there from blocking the open.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) return { blobs: new Map(), problem: "not a regular file" };
      const parsed = parseCache(key, await handle.readFile("utf8"), identity);
      return "problem" in parsed ? { blobs: new Map(), problem: parsed.problem } : parsed;
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      blobs: new Map(),
      problem: code === "ELOOP" ? "a symbolic link" : `unreadable (${code ?? (error as Error).name})`,
    };
  }
}

/** Writes atomically; never through a link or over anything but a regular file, and never into a linked folder of the repository. */
async function writeCache(location: CacheLocation, text: string): Promise<void> {
  if (location.isInRepository) {
    const dir = await lstat(location.dir).catch(() => undefined);
    if (!dir) await mkdir(location.dir, { mode: 0o700 });
    else if (!dir.isDirectory()) throw new Error(`${location.dir} is not a directory`);
  } else await mkdir(location.dir, { recursive: true, mode: 0o700 });
  const existing = await lstat(location.path).catch(() => undefined);
  if (existing && !existing.isFile()) throw new Error("not a regular file");
  await writeOutputFile(location.path, text, { symlink: "refuse", mode: 0o600 });
}

/**
 * A hash of everything that changes what the detector finds in a blob: the settings (rules,
 * allow-lists, options), secretscan's version and the code of its detector, rules and text
 * decoding (so a development build that changes them without a new version is not trusted either).
 */
async function settingsHash(settings: unknown): Promise<string> {
  const hash = createHash("sha256").update(packageVersion()).update(JSON.stringify(settings));
  for (const part of ["detect", "rules", "text"]) {
    const dir = new URL(`../${part}/`, import.meta.url);
    for (const name of (await readdir(dir)).sort()) {
      if (/\.(js|ts|mjs)$/.test(name)) hash.update(name).update(await readFile(new URL(name, dir)));
    }
  }
  return hash.digest("hex");
}
