import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { ChunkOutcome } from "../detect/chunkScanner.js";
import type { PathSignatures } from "../findings/historyFanOut.js";
import type { Hint } from "../problems.js";
import type { BlobSniff, HistoryWalk } from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import type { ChunkItem } from "../sources/types.js";
import { packageVersion } from "../util/packageFiles.js";
import { cacheHint, type CacheStore, readCacheFile, writeCacheFile } from "./historyCacheStore.js";
import { type CachedBlob, type CacheIdentity, parseCache, serializeCache } from "./historyCacheFile.js";

/** Whether and where `history` keeps its cache of scanned blobs. */
export interface HistoryCacheOptions {
  /** Keep a cache (default true); false for `--no-cache`. */
  cache?: boolean;
  /** Folder for the cache, relative to `cwd`. Default: `secretscan/` in the repository's git directory. */
  cacheDir?: string;
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
  private readonly fresh = new Map<string, { sniff: BlobSniff; clean: Set<string> }>();
  /** `knownSniff`'s answers so far (null: not vouched for). */
  private readonly judged = new Map<string, BlobSniff | null>();

  private constructor(
    private readonly store: CacheStore,
    private readonly identity: CacheIdentity,
    private readonly known: ReadonlyMap<string, CachedBlob>,
    private readonly signatures: PathSignatures,
  ) {}

  /**
   * Opens the cache of `store` for a run, with hints. A cache that cannot be used (corrupt,
   * foreign, stale, not a regular file) is ignored with a hint. `settings` are the rules and
   * options that change what the detector finds.
   */
  static async open(
    store: CacheStore,
    settings: unknown,
    signatures: PathSignatures,
  ): Promise<{ cache?: HistoryCache; hints: Hint[] }> {
    let identity: CacheIdentity;
    try {
      identity = { repository: store.repository, settings: await settingsHash(settings) };
    } catch (error) {
      return { hints: [cacheHint(`history cache off: ${(error as Error).message}`)] };
    }
    const path = store.pathOf("blobs");
    const read = await readCacheFile(path);
    const parsed = read.text === undefined ? undefined : parseCache(store.key, read.text, identity);
    const problem = read.problem ?? (parsed && "problem" in parsed ? parsed.problem : undefined);
    const blobs = parsed && "blobs" in parsed ? parsed.blobs : new Map<string, CachedBlob>();
    if (parsed && "paths" in parsed) signatures.remember(parsed.paths);
    const cache = new HistoryCache(store, identity, blobs, signatures);
    return { cache, hints: problem ? [cacheHint(`history cache ${path} ignored: ${problem}`)] : [] };
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

  /**
   * For `HistoryBlobOptions.known`: how the blob sniffed, when no treatment it needs now can find
   * anything in it. Judged once per blob and run (sizing, delta planning and the blob pass ask).
   */
  readonly knownSniff = (
    blobId: string,
    introductions: readonly Introduction[],
    displayPath: string,
  ): BlobSniff | undefined => {
    let judged = this.judged.get(blobId);
    if (judged === undefined) {
      judged = this.judge(blobId, introductions, displayPath) ?? null;
      this.judged.set(blobId, judged);
    }
    return judged ?? undefined;
  };

  private judge(blobId: string, introductions: readonly Introduction[], displayPath: string): BlobSniff | undefined {
    const entry = this.known.get(blobId);
    if (entry?.sniff.kind !== "text") return entry?.sniff;
    // Every treatment group (see `treatmentGroups`) is clean when every path's treatment is.
    if (introductions.length === 0) return entry.clean.has(this.signatures.of(displayPath)) ? entry.sniff : undefined;
    return introductions.every((introduction) => entry.clean.has(this.signatures.of(introduction.path)))
      ? entry.sniff
      : undefined;
  }

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
    const path = this.store.pathOf("blobs");
    try {
      const text = serializeCache(this.store.key, this.identity, merged, this.signatures.known());
      await writeCacheFile(this.store, path, text);
      return [];
    } catch (error) {
      return [cacheHint(`history cache ${path} not written: ${(error as Error).message}`)];
    }
  }
}

/**
 * A hash of everything that changes what the detector finds in a blob: the settings (rules,
 * allow-lists, options), secretscan's version and the code of its detector, rules, text decoding
 * and path signatures (so a development build that changes them without a new version is not
 * trusted either).
 */
async function settingsHash(settings: unknown): Promise<string> {
  const hash = createHash("sha256").update(packageVersion()).update(JSON.stringify(settings));
  for (const part of ["detect", "rules", "text", "findings"]) {
    const dir = new URL(`../${part}/`, import.meta.url);
    for (const name of (await readdir(dir)).sort()) {
      const isHashed = part !== "findings" || /^historyFanOut\./.test(name);
      if (isHashed && /\.(js|ts|mjs)$/.test(name)) hash.update(name).update(await readFile(new URL(name, dir)));
    }
  }
  return hash.digest("hex");
}
