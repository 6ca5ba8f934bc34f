import { createHash } from "node:crypto";
import { constants, lstatSync } from "node:fs";
import { lstat, mkdir, open } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Hint } from "../problems.js";
import { writeOutputFile } from "../util/outputFile.js";
import { userCacheKey } from "../util/userKey.js";
import type { HistoryCacheOptions } from "./historyCache.js";

/**
 * The files `history` keeps between runs: what blobs were clean (`blobs`), what the log walk read
 * (`walk`) and what ref tips hold at the paths findings were at (`refs`).
 */
type CacheFileKind = "blobs" | "walk" | "refs";

/**
 * Where a repository's history caches go and what authenticates them: this user's key and the
 * repository's git directory (which every cache file names, so one written for another repository
 * is refused). In the repository's git directory by default, where links are refused.
 */
export interface CacheStore {
  key: Buffer;
  /** The real path of the repository's (common) git directory. */
  repository: string;
  dir: string;
  isInRepository: boolean;
  /** The file of one kind of cache. */
  pathOf(kind: CacheFileKind): string;
}

/**
 * Opens the store for a run, or none (`--no-cache`, or no usable key) with hints. `repository` is
 * the real path of the repository's common git directory (`RepositoryFacts.commonDir`).
 */
export async function openCacheStore(
  repository: string,
  cwd: string,
  options: HistoryCacheOptions,
): Promise<{ store?: CacheStore; hints: Hint[] }> {
  if (options.cache === false) return { hints: [] };
  try {
    const key = await userCacheKey();
    return { store: { key, repository, ...cacheLocation(repository, cwd, options.cacheDir) }, hints: [] };
  } catch (error) {
    return { hints: [cacheHint(`history cache off: ${(error as Error).message}`)] };
  }
}

/**
 * Segments a cache file may hold: a run appends what it learnt as one more, and past this many
 * the file is written anew, as one (reading many small segments costs more than one rewrite).
 */
export const MAX_SEGMENTS = 16;

/** A hint about the history cache (never an error: without a cache, a run is only slower). */
export function cacheHint(message: string): Hint {
  return { code: "history-cache", message };
}

const EXTENSIONS: Record<CacheFileKind, string> = { blobs: "cache", walk: "walk", refs: "refs" };

/** The default folder is the repository's own; a `--cache-dir` may serve many repositories, one file of each kind each. */
function cacheLocation(
  repository: string,
  cwd: string,
  cacheDir: string | undefined,
): Pick<CacheStore, "dir" | "isInRepository" | "pathOf"> {
  if (cacheDir === undefined) {
    const dir = join(repository, "secretscan");
    return { dir, isInRepository: true, pathOf: (kind) => join(dir, `history.${EXTENSIONS[kind]}`) };
  }
  const dir = resolve(cwd, cacheDir);
  const name = `history-${createHash("sha256").update(repository).digest("hex").slice(0, 16)}`;
  return { dir, isInRepository: false, pathOf: (kind) => join(dir, `${name}.${EXTENSIONS[kind]}`) };
}

/** True when something (a file, or what a hint will explain) is at a cache file's path. */
export function hasCacheFile(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** A cache file's bytes; none when there is no file, or why it cannot be read (a link, not a regular file…). */
export async function readCacheFile(path: string): Promise<{ bytes?: Buffer; problem?: string }> {
  if (!(await lstat(path).catch(() => undefined))) return {};
  try {
    // O_NOFOLLOW refuses a link; O_NONBLOCK keeps a FIFO planted there from blocking the open.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) return { problem: "not a regular file" };
      return { bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === "ELOOP" ? "a symbolic link" : `unreadable (${code ?? (error as Error).name})` };
  }
}

/** Writes atomically; never through a link or over anything but a regular file, and never into a linked folder of the repository. */
export async function writeCacheFile(store: CacheStore, path: string, content: string | Buffer): Promise<void> {
  if (store.isInRepository) {
    const dir = await lstat(store.dir).catch(() => undefined);
    if (!dir) await mkdir(store.dir, { mode: 0o700 });
    else if (!dir.isDirectory()) throw new Error(`${store.dir} is not a directory`);
  } else await mkdir(store.dir, { recursive: true, mode: 0o700 });
  const existing = await lstat(path).catch(() => undefined);
  if (existing && !existing.isFile()) throw new Error("not a regular file");
  await writeOutputFile(path, content, { symlink: "refuse", mode: 0o600 });
}
