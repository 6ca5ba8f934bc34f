import type { Chunk, Provenance } from "../text/chunk.js";
import type { DeltaPlan } from "../text/lineDelta.js";

/** Why an input could not be scanned (in whole or in part). */
export type DiagnosticReason =
  | "binary"
  /** A binary file whose extension says so (image, font, archive…): expected, so a note, counted in the summary. */
  | "binary-asset"
  | "too-large"
  | "unreadable"
  | "undecodable"
  | "not-a-file"
  | "symlink-outside-root"
  | "submodule"
  | "lfs-pointer"
  | "git-error"
  | "rule-timeout";

/**
 * A file or blob that was skipped or only partly scanned, reported so nothing is lost silently.
 * `message` never contains file content.
 */
export interface Diagnostic {
  path: string;
  reason: DiagnosticReason;
  message: string;
  /** "warning" means the scan is incomplete for this input; "note" is informational. */
  level: "warning" | "note";
}

/**
 * A chunk to scan. History scans a blob once for all the places it appears: `placements` are
 * those places (one provenance per introduction), and each finding is reported at every one.
 * `isRescan` marks a further reading of content already counted (a blob at paths whose rules
 * differ), so statistics count each blob's bytes once.
 */
export interface ChunkItem {
  type: "chunk";
  chunk: Chunk;
  placements?: readonly Provenance[];
  isRescan?: boolean;
  /** Scan only where this blob differs from an earlier version already scanned (see `DeltaScans`). */
  delta?: DeltaPlan;
  /** Set on a history blob whose findings later blobs' delta scans build on: its blob id. */
  deltaBaseId?: string;
}

/**
 * Content a cache vouches has no findings at these places (a history blob scanned by an earlier
 * run with the same rules and options): counted like the chunk it stands for, not scanned.
 */
interface KnownCleanItem {
  type: "known-clean";
  provenance: Provenance;
  placements?: readonly Provenance[];
  bytes: number;
  isRescan?: boolean;
}

/** One item of a source's stream: a chunk to scan, known-clean content, or a diagnostic about an input that was not scanned. */
export type SourceItem = ChunkItem | KnownCleanItem | { type: "diagnostic"; diagnostic: Diagnostic };

/** A source of chunks: the working tree, git history, the git index or stdin. */
export type Source = AsyncIterable<SourceItem>;
