import type { Provenance } from "../text/chunk.js";
import type { Introduction } from "./historyIndex.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The provenance of a blob at one introduction: its path, commit facts and where it stands now.
 * When HEAD (`path → blob`) still has the blob where this introduction put it (or renamed it to),
 * that is its `headPath` and it has not been removed, whatever another branch did. The one place
 * content findings of history get their git provenance. Its commits are the index's own objects,
 * not copies: most blobs yield no finding, and a finding placed here gets copies (`ownProvenance`).
 */
export function introductionProvenance(
  blobId: string,
  introduction: Introduction,
  headTree: ReadonlyMap<string, string>,
): Extract<Provenance, { type: "git-blob" }> {
  const headPath = [introduction.currentPath, introduction.path].find((path) => headTree.get(path) === blobId);
  return {
    type: "git-blob",
    path: introduction.path,
    blobId,
    introducedBy: introduction.commit,
    firstCommittedAt: introduction.committedAt,
    ...(headPath !== undefined ? { headPath } : introduction.removedBy ? { removedBy: introduction.removedBy } : {}),
  };
}

/** The provenance of a blob no commit points at (`--unreachable`), shown at `path`. */
export function unreachableProvenance(blobId: string, path: string): Provenance {
  return { type: "git-blob", path, blobId, isUnreachable: true };
}

/** Whole days from an ISO 8601 commit date to `now`, never negative; NaN for an unparsable date. */
export function exposedDaysSince(committedAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(committedAt)) / DAY_MS));
}
