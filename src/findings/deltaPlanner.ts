import { lineTable, sharedEdges, type DeltaPlan } from "../text/lineDelta.js";

/**
 * The most base bytes held at once. History arrives oldest first, so what is held is about the
 * latest version of every file still to be modified: a tree's worth. Past this, further blobs do
 * not serve as bases (their successors are read whole), so memory stays bounded.
 */
const MAX_HELD_BYTES = 32 * 1024 * 1024;

/**
 * Smaller blobs are read whole and serve as no base: the context a window keeps (about 3 KiB at
 * least) would be most of them, and planning costs a line table and a copy of each base. 4 KiB
 * sent jekyll's detector 292 MB instead of 449 MB, yet the audit was no faster (the planning lands
 * on the calling thread, which sets the pace) and redis/redis took 5% longer.
 */
const MIN_DELTA_BYTES = 16 * 1024;

/** What a history blob's chunk carries for delta scanning: its plan, and whether later blobs build on its findings. */
export interface DeltaRole {
  delta?: DeltaPlan;
  isBase: boolean;
}

/**
 * Plans delta scans of history: a blob committed as a modification of an earlier blob at the same
 * path (its "base") is scanned only where it differs, once the base has been. Blobs arrive oldest
 * first, so a base comes before the blobs built on it; the planner holds a base's bytes from
 * its arrival until the last blob built on it arrives, then lets them go.
 */
export class DeltaPlanner {
  private readonly baseOf = new Map<string, string>();
  private readonly pendingUses = new Map<string, number>();
  /** Bases held; each keeps its bytes' whole buffer, which is what `heldBytes` counts. */
  private readonly held = new Map<string, { bytes: Uint8Array; lines: number; path: string }>();
  private heldBytes = 0;

  /**
   * `bases`: each blob the walk saw written as a modification, with the blob it replaced (see
   * `HistoryIndex.bases`); `isRead` tells which blobs this run reads (one shard's, those the
   * history cache does not vouch for; default every one): a delta needs both sides read.
   * `isSameTreatment` tells whether rules and allow-lists treat two paths alike: a blob's findings
   * carry over only to a later version the same rules judge alike.
   */
  constructor(
    bases: ReadonlyMap<string, string>,
    isRead: ((blobId: string) => boolean) | undefined,
    private readonly isSameTreatment: (a: string, b: string) => boolean,
  ) {
    for (const [blobId, base] of bases) {
      if (isRead && !(isRead(blobId) && isRead(base))) continue;
      this.baseOf.set(blobId, base);
      this.pendingUses.set(base, (this.pendingUses.get(base) ?? 0) + 1);
    }
  }

  /**
   * The role of a blob as it is yielded, scanned at `path`: `content` is its bytes when it is
   * scanned as one chunk of UTF-8 text (else undefined: it then neither gets a plan nor serves as a
   * base, nor does a blob under `MIN_DELTA_BYTES`).
   */
  roleOf(blobId: string, path: string, content: Uint8Array | undefined): DeltaRole {
    const utf8 = content && content.length >= MIN_DELTA_BYTES ? content : undefined;
    const base = this.baseOf.get(blobId);
    // Held as they are when they are most of the memory they view (a blob git's output split is
    // read into a buffer of its own); else copied, rather than keep a much larger read buffer.
    const isOwn = utf8 !== undefined && utf8.length * 2 >= utf8.buffer.byteLength;
    const kept = utf8 === undefined ? 0 : isOwn ? utf8.buffer.byteLength : utf8.length;
    const isBase =
      utf8 !== undefined && (this.pendingUses.get(blobId) ?? 0) > 0 && this.heldBytes + kept <= MAX_HELD_BYTES;
    const held = base === undefined ? undefined : this.held.get(base);
    const table = utf8 && (isBase || held) ? lineTable(utf8) : undefined;
    if (isBase && utf8 && table) {
      const bytes = isOwn ? utf8 : new Uint8Array(utf8);
      this.held.set(blobId, { bytes, lines: table.starts.length, path });
      this.heldBytes += bytes.buffer.byteLength;
    }
    if (base === undefined) return { isBase };
    const isLastUse = this.release(base);
    if (isLastUse && held) {
      this.held.delete(base);
      this.heldBytes -= held.bytes.buffer.byteLength;
    }
    if (!utf8 || !table || !held || !this.isSameTreatment(held.path, path)) return { isBase };
    const { prefix, suffix } = sharedEdges(held.bytes, held.lines, utf8, table);
    return { isBase, delta: { baseBlobId: base, baseLines: held.lines, table, prefix, suffix, isLastUse } };
  }

  /** Counts one use of `base` done; true when it was the last. */
  private release(base: string): boolean {
    const left = (this.pendingUses.get(base) ?? 1) - 1;
    if (left > 0) this.pendingUses.set(base, left);
    else this.pendingUses.delete(base);
    return left <= 0;
  }
}
