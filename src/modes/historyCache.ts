import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { ChunkOutcome } from "../detect/chunkScanner.js";
import type { PathSignatures } from "../findings/historyFanOut.js";
import type { Hint } from "../problems.js";
import type { BlobSniff, HistoryWalk } from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import type { ChunkItem } from "../sources/types.js";
import { packageVersion } from "../util/packageFiles.js";
import { cacheHint, type CacheStore, MAX_SEGMENTS, readCacheFile, writeCacheFile } from "./historyCacheStore.js";
import {
  appendCache,
  type CachedBlob,
  type CacheIdentity,
  NO_MATCHES,
  parseCache,
  serializeCache,
} from "./historyCacheFile.js";

/** Whether and where `history` keeps its cache of scanned blobs. */
export interface HistoryCacheOptions {
  /** Keep a cache (default true); false for `--no-cache`. */
  cache?: boolean;
  /** Folder for the cache, relative to `cwd`. Default: `secretscan/` in the repository's git directory. */
  cacheDir?: string;
}

/**
 * What earlier history runs learnt of each blob: how it sniffed, under which path treatments the
 * detector found nothing in it, and under which it found matches, on which lines. A blob with no
 * match under every treatment this run needs is not read again; one with matches is read, and the
 * detector runs only around the lines its matches start on (`linesOf`), which gives what a whole
 * scan gives (the window contract of `DeltaScans`); every other blob is scanned as on a first run.
 * What the detector returns is then built, suppressed, fanned out and placed as on any run, so
 * findings (their provenance and exposure always recomputed) are those of a full run, under this
 * run's allow-lists and suppression files. The file holds line numbers, never a secret or a hash
 * of one, and is authenticated with this user's key: a repository cannot ship one that hides its
 * secrets.
 */
export class HistoryCache {
  private readonly fresh = new Map<string, { sniff: BlobSniff; clean: Set<string>; matched: Map<string, number[]> }>();
  /** `knownSniff`'s answers so far (null: not vouched for). */
  private readonly judged = new Map<string, BlobSniff | null>();

  /**
   * `earlier`: the file read (its body, segments and paths), when there was one to use, so a run
   * appends what it learnt.
   */
  private constructor(
    private readonly store: CacheStore,
    private readonly identity: CacheIdentity,
    private readonly known: ReadonlyMap<string, CachedBlob>,
    private readonly signatures: PathSignatures,
    private readonly earlier: { body: Buffer; segments: number; paths: ReadonlyMap<string, string> } | undefined,
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
    const parsed = read.bytes === undefined ? undefined : parseCache(store.key, read.bytes, identity);
    const problem = read.problem ?? (parsed && "problem" in parsed ? parsed.problem : undefined);
    const earlier = parsed && "blobs" in parsed ? parsed : undefined;
    if (earlier) signatures.remember(earlier.paths);
    const cache = new HistoryCache(store, identity, earlier?.blobs ?? new Map(), signatures, earlier);
    return { cache, hints: problem ? [cacheHint(`history cache ${path} ignored: ${problem}`)] : [] };
  }

  /** True when earlier runs left something to reuse. */
  get hasEntries(): boolean {
    return this.known.size > 0;
  }

  /**
   * About how many bytes of the walk's blobs (those within the size limit) this run will have to
   * scan: all of a blob the cache knows nothing of under some treatment it needs, a window per
   * line of one whose matches it knows (`WINDOW_BYTES`), none of one it vouches for.
   */
  unknownBytes(walk: HistoryWalk, maxFileSize: number): number {
    let bytes = 0;
    for (const [blobId, introductions] of walk.index.blobs) {
      const size = walk.sizes.get(blobId) ?? 0;
      const displayPath = introductions[0]?.path ?? "";
      if (size > maxFileSize || this.knownSniff(blobId, introductions, displayPath)) continue;
      const lines = this.matchedLineCount(blobId, introductions);
      bytes += lines === undefined ? size : Math.min(size, lines * WINDOW_BYTES);
    }
    return bytes;
  }

  /**
   * True when the cache knows, for every treatment the blob's introductions need, whether and on
   * which lines it has matches: such a blob is scanned (if at all) only around those lines, so it
   * neither gets a delta plan nor serves as a base for one.
   */
  isKnown(blobId: string, introductions: readonly Introduction[]): boolean {
    const displayPath = introductions[0]?.path ?? `unreachable/${blobId}`;
    return (
      this.knownSniff(blobId, introductions, displayPath) !== undefined ||
      this.matchedLineCount(blobId, introductions) !== undefined
    );
  }

  /**
   * For `RunOptions.knownLines`: the lines a history blob (a chunk of history is a whole blob) has
   * matches starting on at this chunk's path, under that path's treatment (empty: none), when an
   * earlier run scanned it under that treatment; undefined when the chunk must be scanned whole.
   */
  readonly linesOf = (item: ChunkItem): readonly number[] | undefined => {
    const provenance = item.chunk.provenance;
    if (provenance.type !== "git-blob") return undefined;
    const entry = this.known.get(provenance.blobId);
    if (entry?.sniff.kind !== "text") return undefined;
    const signature = this.signatures.of(provenance.path);
    return entry.clean.has(signature) ? [] : entry.matched.get(signature);
  };

  /** How many lines with matches the blob has under all its treatments, when the cache knows each; else undefined. */
  private matchedLineCount(blobId: string, introductions: readonly Introduction[]): number | undefined {
    const entry = this.known.get(blobId);
    if (entry === undefined) return undefined;
    if (entry.sniff.kind !== "text") return 0;
    const signatures = new Set(introductions.map((introduction) => this.signatures.of(introduction.path)));
    let count = 0;
    for (const signature of signatures) {
      if (entry.clean.has(signature)) continue;
      const lines = entry.matched.get(signature);
      if (lines === undefined) return undefined;
      count += lines.length;
    }
    return count;
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
    this.fresh.set(blobId, { sniff, clean: new Set(), matched: new Map() });
  };

  /**
   * For `RunOptions.onScanned`: a blob read at a path (a history chunk is a whole blob) and
   * scanned in time is clean under that path's treatment, or has matches on the lines they start
   * on (up to `MAX_MATCHED_LINES` lines; past that, it is not remembered and is scanned whole again).
   */
  readonly noteScanned = (item: ChunkItem, outcome: ChunkOutcome): void => {
    const provenance = item.chunk.provenance;
    if (provenance.type !== "git-blob" || !outcome.ok) return;
    const fresh = this.fresh.get(provenance.blobId);
    if (!fresh) return;
    const signature = this.signatures.of(provenance.path);
    if (outcome.findings.length === 0) {
      fresh.clean.add(signature);
      return;
    }
    const lines = [...new Set(outcome.findings.map((raw) => raw.startLine))].sort((a, b) => a - b);
    if (lines.length <= MAX_MATCHED_LINES) fresh.matched.set(signature, lines);
  };

  /** True when a blob read this run taught something the cache did not know (a blob re-read around its known matches teaches nothing). */
  private isNews(
    blobId: string,
    entry: { sniff: BlobSniff; clean: Set<string>; matched: Map<string, number[]> },
  ): boolean {
    const before = this.known.get(blobId);
    if (entry.sniff.kind !== "text") return before === undefined;
    return (
      [...entry.clean].some((signature) => !before?.clean.has(signature)) ||
      [...entry.matched.keys()].some((signature) => !before?.matched.has(signature))
    );
  }

  /**
   * Writes what this run learnt (merged with what was known of the same blobs) as one more
   * segment of the file; the file is written anew, as one segment, when there was none to use or
   * the segments add up. Problems become hints, never errors.
   */
  async save(): Promise<Hint[]> {
    const learnt = new Map<string, CachedBlob>();
    for (const [blobId, entry] of this.fresh) {
      if (!this.isNews(blobId, entry)) continue;
      const before = this.known.get(blobId);
      const clean = new Set([...(before?.clean ?? []), ...entry.clean]);
      const matched = new Map([...(before?.matched ?? []), ...entry.matched]);
      learnt.set(blobId, { sniff: entry.sniff, clean, matched: matched.size > 0 ? matched : NO_MATCHES });
    }
    if (learnt.size === 0) return [];
    const { key } = this.store;
    const path = this.store.pathOf("blobs");
    try {
      let text: string | Buffer;
      if (this.earlier && this.earlier.segments < MAX_SEGMENTS) {
        const known = this.earlier.paths;
        const paths = new Map([...this.signatures.known()].filter(([asked]) => !known.has(asked)));
        text = appendCache(key, this.earlier.body, this.identity, learnt, paths);
      } else text = serializeCache(key, this.identity, new Map([...this.known, ...learnt]), this.signatures.known());
      await writeCacheFile(this.store, path, text);
      return [];
    } catch (error) {
      return [cacheHint(`history cache ${path} not written: ${(error as Error).message}`)];
    }
  }
}

/** Lines with matches past which a blob's are not remembered (a dump of keys is scanned whole again, not in a window per line). */
const MAX_MATCHED_LINES = 4096;

/** About how many bytes the detector reads around one line with matches (`DeltaScans`: 8 lines and 640 bytes each side, as much again for context). */
const WINDOW_BYTES = 4096;

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
