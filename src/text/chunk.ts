/** Author and commit facts for the commit that introduced a git blob at a path. */
export interface CommitInfo {
  /** Full commit id (hex). */
  sha: string;
  authorName: string;
  authorEmail: string;
  /** Author date, ISO 8601. */
  date: string;
  /** First line of the commit message. */
  subject: string;
}

/** A copy of a commit's public fields, one by one, so nothing else attached to the object travels on. */
export function copyCommit(commit: CommitInfo): CommitInfo {
  return {
    sha: commit.sha,
    authorName: commit.authorName,
    authorEmail: commit.authorEmail,
    date: commit.date,
    subject: commit.subject,
  };
}

/**
 * A copy of `provenance` whose commit facts are its own: a finding's provenance is completed and
 * redacted in place (exposure, refs, described commits), which must reach neither the index nor
 * the other findings placed from the same introduction.
 */
export function ownProvenance(provenance: Provenance): Provenance {
  if (provenance.type !== "git-blob") return { ...provenance };
  const { introducedBy, removedBy } = provenance;
  return {
    ...provenance,
    ...(introducedBy ? { introducedBy: copyCommit(introducedBy) } : {}),
    ...(removedBy ? { removedBy: copyCommit(removedBy) } : {}),
  };
}

/** How the last commit that held a secret is known; see `LastHeld`. */
export type LastHeldBasis = "head" | "ref-tip" | "removal-parent" | "last-introduced";

/**
 * The last commit that still held a blob at a path, or a secret: `head` when HEAD holds it;
 * else `ref-tip`, the newest (by author date) tip of the other refs that hold it, with `refs` the
 * refs at that tip; else `removal-parent`, the first parent of the commit that removed it; else
 * `last-introduced`, the newest commit that introduced it (nothing is known to hold it since).
 */
export interface LastHeld extends CommitInfo {
  basis: LastHeldBasis;
  /** For `ref-tip`: the refs whose tip is this commit. */
  refs?: string[];
}

/** A copy of a `LastHeld`, field by field (see `copyCommit`). */
export function copyLastHeld(held: LastHeld): LastHeld {
  const copy: LastHeld = { ...copyCommit(held), basis: held.basis };
  if (held.refs) copy.refs = [...held.refs];
  return copy;
}

/**
 * Where a chunk of text came from. A tagged union so reporters can say exactly what to look at:
 * a file in the working tree, a blob in git history, an entry of the git index, or standard input.
 * Paths are relative to the scan root (or repository root) with `/` separators.
 */
export type Provenance =
  | { type: "file"; path: string }
  | {
      type: "git-blob";
      path: string;
      blobId: string;
      introducedBy?: CommitInfo;
      /** Committer date of `introducedBy`, ISO 8601: when the secret became visible to anyone with the repository. */
      firstCommittedAt?: string;
      /** Whole days from `firstCommittedAt` to the time of the scan. */
      exposedDays?: number;
      /** True when a blob in HEAD's tree holds the same secret (same secret hash). */
      presentAtHead?: boolean;
      /** The path this blob has at HEAD, when HEAD still has it (after renames). */
      headPath?: string;
      /** The first later commit that changed this path away from the blob or deleted it. */
      removedBy?: CommitInfo;
      /** The last commit that still held this blob at this path (HEAD, a ref's tip or the removal's parent); see `LastHeld`. */
      lastHeld?: LastHeld;
      /** True for a blob no branch, tag or other ref reaches (found by `--unreachable`). */
      isUnreachable?: boolean;
      /**
       * Refs other than HEAD (`refs/heads/…`, `refs/tags/…`, `refs/remotes/…`) whose tip holds this
       * blob at any path the walk saw it at (committed there or renamed there unchanged); for a
       * config-file finding, a version of the file its rule flags, at its path or where it was renamed to.
       */
      refs?: string[];
      /** Every ref whose history holds `introducedBy` (remote-tracking ones mean it was pushed). */
      reachableFrom?: string[];
    }
  | { type: "index"; path: string; blobId: string }
  | { type: "stdin"; path: string };

/** A piece of text to scan. `startLine` is the 1-based line number of the first character of `text`. */
export interface Chunk {
  /** The text; for a chunk with `utf8` bytes, decoded from them on first read (see `sniffedChunk`). */
  readonly text: string;
  /** The UTF-8 bytes `text` decodes from, when the source read bytes: what travels to detector threads. */
  utf8?: Uint8Array;
  provenance: Provenance;
  startLine: number;
  /** Set when the text was decoded from another encoding (for example "utf-16le"). */
  encoding?: string;
  /**
   * 1-based line numbers the caller wants reported; findings on other lines are dropped.
   * Used by the staged scan to report only added or modified lines.
   */
  onlyLines?: ReadonlySet<number>;
}
