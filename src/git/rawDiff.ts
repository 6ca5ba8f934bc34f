/**
 * Reading `git diff --raw --patch -z` output: the raw entries first (paths and blob ids, never parsed
 * out of patch headers), then a zero-context patch in the same file order. Shared by the staged
 * diff and the per-commit diffs of range scans.
 */

/**
 * The pinned options after `diff`: added, copied, modified or renamed files (renames found as
 * `git diff` finds them, so a file moved with edits shows only its edits), full ids, raw entries
 * NUL-separated, then a zero-context patch. Options a user's config could change are pinned.
 */
export const PATCH_DIFF_OPTIONS = [
  "--raw",
  "--patch",
  "-U0",
  "-z",
  "--no-abbrev",
  "-M",
  "--diff-filter=ACMR",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "--src-prefix=a/",
  "--dst-prefix=b/",
] as const;

/** The mode of a gitlink: a submodule's commit, not a blob of this repository. */
export const SUBMODULE_MODE = "160000";

/** True for the all-zero id raw output gives a side that has no blob (deleted, intent-to-add). */
export function isNoBlob(blobId: string): boolean {
  return /^0+$/.test(blobId);
}

/** One file of a raw diff: its new path, new blob id and new mode. */
export interface RawEntry {
  path: string;
  blobId: string;
  mode: string;
}

/**
 * Raw entries at the start of `git diff --raw -z` output: `:modes ids status\0path\0` (renames and
 * copies: two paths, the new one kept), and where the patch that follows starts.
 */
export function parseRawEntries(output: string): { files: RawEntry[]; patchStart: number } {
  const files: RawEntry[] = [];
  let at = 0;
  while (output.startsWith(":", at)) {
    const metaEnd = output.indexOf("\0", at);
    const [, mode = "", , blobId = "", status = ""] = output.slice(at + 1, metaEnd).split(" ");
    let pathEnd = output.indexOf("\0", metaEnd + 1);
    let path = output.slice(metaEnd + 1, pathEnd);
    if (/^[RC]/.test(status)) {
      const next = output.indexOf("\0", pathEnd + 1);
      path = output.slice(pathEnd + 1, next);
      pathEnd = next;
    }
    files.push({ path, blobId, mode });
    at = pathEnd + 1;
  }
  if (output[at] === "\0") at += 1;
  return { files, patchStart: at };
}

/** Splits patch text into per-file line lists; a file's section starts with `diff --git `. */
export function patchSections(patch: string): string[][] {
  const sections: string[][] = [];
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) sections.push([]);
    else sections[sections.length - 1]?.push(line);
  }
  return sections;
}

/** What one file's hunks add and remove. */
export interface HunkChanges {
  /** 1-based line numbers of the new version the hunks add; undefined when git saw binary content (every line counts). */
  added: Set<number> | undefined;
  /** The removed lines, joined by newlines. */
  removed: string;
}

/** Added line numbers (`@@ -a,b +c,d @@`: lines c … c+d−1 of the new version) and removed text of one file's hunks. */
export function hunkChanges(section: readonly string[]): HunkChanges {
  const added = new Set<number>();
  const removed: string[] = [];
  let inHunk = false;
  for (const line of section) {
    if (line.startsWith("Binary files ")) return { added: undefined, removed: "" };
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      inHunk = true;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) added.add(n);
    } else if (inHunk && line.startsWith("-")) {
      removed.push(line.slice(1));
    }
  }
  return { added, removed: removed.join("\n") };
}
