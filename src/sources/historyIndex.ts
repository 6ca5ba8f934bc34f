import { isNoBlob, SUBMODULE_MODE } from "../git/rawDiff.js";
import type { LogCommit, RawChange } from "./historyLog.js";
import type { Diagnostic } from "./types.js";
import type { CommitInfo } from "../text/chunk.js";

/**
 * One independent appearance of a blob at a path: the commit that put it there and, when a later
 * commit replaced or deleted it, that commit. `currentPath` follows exact renames.
 */
export interface Introduction {
  path: string;
  commit: CommitInfo;
  /** Committer date of `commit`, ISO 8601. */
  committedAt: string;
  currentPath: string;
  removedBy?: CommitInfo;
}

/** Every blob of the walked history with its introductions, in first-seen order, plus submodule notes. */
export interface HistoryIndex {
  blobs: Map<string, Introduction[]>;
  /**
   * Paths each blob was renamed to unchanged, on any branch: with its introductions' paths, every
   * path a ref's tip can hold the blob at (one branch's rename does not move another's copy).
   */
  renamedTo: Map<string, Set<string>>;
  /**
   * Each blob a commit wrote as a modification of a blob already in the index, with that earlier
   * blob (its first such introduction's): the base a delta scan diffs it against. Noted as the
   * walk goes, so planning delta scans needs no second pass over every introduction.
   */
  bases: Map<string, string>;
  diagnostics: Diagnostic[];
  commits: number;
}

/** Modes whose object is a blob: regular file, executable, symbolic link. */
const BLOB_MODES = new Set(["100644", "100755", "120000", "100664"]);

/**
 * Builds the blob index from commits oldest first. A (path, blob) pair is a new introduction when a
 * commit that is not a merge writes it, or when a merge writes content none of its parents had
 * (combined diffs list only those). An exact rename carries the introduction to the new path. A
 * later change whose "before" side is the pair (modified, deleted or renamed away) marks it removed.
 */
export class HistoryIndexBuilder {
  private readonly index: HistoryIndex = {
    blobs: new Map(),
    renamedTo: new Map(),
    bases: new Map(),
    diagnostics: [],
    commits: 0,
  };
  /**
   * Introductions still in place, by path, then blob. Two levels rather than a `path\0blob` key:
   * a key built per change is a new string to allocate, copy and hash, 3 times per changed path.
   */
  private readonly live = new Map<string, Map<string, Introduction[]>>();
  /** The blobs each path has been introduced with: a merge that writes one of them again introduces nothing. */
  private readonly seenPairs = new Map<string, Set<string>>();
  private readonly submodules = new Set<string>();

  /**
   * `onNewBlob` hears of each blob id the first time it enters the index (history asks git its size
   * then); `onNewPath` of each path the first time a blob is written there (history works out how
   * rules treat it while git log still runs).
   */
  constructor(
    private readonly onNewBlob: (blobId: string) => void = () => undefined,
    private readonly onNewPath: (path: string) => void = () => undefined,
  ) {}

  /** Adds one commit (parents must have been added before it). */
  add(commit: LogCommit): void {
    this.index.commits += 1;
    const isMerge = commit.parents.length > 1;
    for (const change of commit.changes) this.apply(commit, change, isMerge);
  }

  /** The finished index. */
  result(): HistoryIndex {
    return this.index;
  }

  private apply(commit: LogCommit, change: RawChange, isMerge: boolean): void {
    if (change.dstMode === SUBMODULE_MODE || change.srcMode === SUBMODULE_MODE) this.noteSubmodule(change.path);
    const before = change.oldPath ?? change.path;
    const hasBefore = BLOB_MODES.has(change.srcMode) && !isNoBlob(change.srcBlob) && change.srcBlob !== "";
    const hasAfter = BLOB_MODES.has(change.dstMode) && !isNoBlob(change.dstBlob);
    const isExactRename =
      change.status.startsWith("R") && change.srcBlob === change.dstBlob && change.oldPath !== undefined;
    if (isExactRename) {
      this.move(before, change.path, change.dstBlob);
      return;
    }
    if (hasBefore && !(before === change.path && change.srcBlob === change.dstBlob))
      this.remove(before, change.srcBlob, commit.info);
    const previous = hasBefore && !isMerge && change.srcBlob !== change.dstBlob ? change.srcBlob : undefined;
    if (hasAfter) this.introduce(commit, change.path, change.dstBlob, isMerge, previous);
  }

  private introduce(commit: LogCommit, path: string, blob: string, isMerge: boolean, previous?: string): void {
    if (!this.noteSeen(path, blob) && isMerge) return;
    const introduction: Introduction = {
      path,
      commit: commit.info,
      committedAt: commit.committedAt,
      currentPath: path,
    };
    const list = this.index.blobs.get(blob);
    if (list) list.push(introduction);
    else {
      this.index.blobs.set(blob, [introduction]);
      this.onNewBlob(blob);
    }
    if (previous !== undefined && !this.index.bases.has(blob) && this.index.blobs.has(previous))
      this.index.bases.set(blob, previous);
    this.liveList(path, blob).push(introduction);
  }

  /** Notes that `path` has held `blob`; false when it had before. */
  private noteSeen(path: string, blob: string): boolean {
    const seen = this.seenPairs.get(path);
    if (!seen) {
      this.seenPairs.set(path, new Set([blob]));
      this.onNewPath(path);
      return true;
    }
    if (seen.has(blob)) return false;
    seen.add(blob);
    return true;
  }

  private remove(path: string, blob: string, by: CommitInfo): void {
    for (const introduction of this.takeLive(path, blob) ?? []) introduction.removedBy ??= by;
  }

  /** An exact rename: the pair's introductions continue at `to`. */
  private move(from: string, to: string, blob: string): void {
    const moving = this.takeLive(from, blob) ?? [];
    this.noteSeen(to, blob);
    const renamed = this.index.renamedTo.get(blob);
    if (renamed) renamed.add(to);
    else this.index.renamedTo.set(blob, new Set([to]));
    for (const introduction of moving) introduction.currentPath = to;
    this.liveList(to, blob).push(...moving);
  }

  /** Removes and returns the introductions in place at (path, blob). */
  private takeLive(path: string, blob: string): Introduction[] | undefined {
    const atPath = this.live.get(path);
    const list = atPath?.get(blob);
    if (list === undefined) return undefined;
    atPath?.delete(blob);
    return list;
  }

  private liveList(path: string, blob: string): Introduction[] {
    let atPath = this.live.get(path);
    if (!atPath) this.live.set(path, (atPath = new Map()));
    let list = atPath.get(blob);
    if (!list) atPath.set(blob, (list = []));
    return list;
  }

  private noteSubmodule(path: string): void {
    if (this.submodules.has(path)) return;
    this.submodules.add(path);
    this.index.diagnostics.push({
      path,
      reason: "submodule",
      level: "note",
      message: "submodule (gitlink) in history; its own repository is not scanned",
    });
  }
}
