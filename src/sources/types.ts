import type { Chunk } from "../text/chunk.js";

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

/** One item of a source's stream: a chunk to scan, or a diagnostic about an input that was not scanned. */
export type SourceItem = { type: "chunk"; chunk: Chunk } | { type: "diagnostic"; diagnostic: Diagnostic };

/** A source of chunks: the working tree, git history, the git index or stdin. */
export type Source = AsyncIterable<SourceItem>;
