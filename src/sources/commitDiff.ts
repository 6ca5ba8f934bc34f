import { git } from "../git/exec.js";
import { parseRawEntries } from "../git/rawDiff.js";

/** What a commit's diff against one parent did to one file of the commit. */
export interface FileLineChanges {
  /** 1-based line numbers of the commit's version the diff adds; undefined when git saw binary content (every line counts). */
  added: Set<number> | undefined;
  /** The removed lines (from the parent's version, or from where a renamed file came from), joined by newlines. */
  removed: string;
}

/**
 * The diff options: added, copied, modified or renamed files (renames found as `git diff` finds
 * them by default, so a file moved with edits shows only its edits), full ids, raw entries
 * NUL-separated, then a zero-context patch in the same file order. Options a user's config could
 * change are pinned.
 */
const DIFF_ARGS = [
  "diff",
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

/**
 * Every file `commit` adds, copies, modifies or renames relative to `parent`, as path (in `commit`)
 * → the lines it adds and the text it removes. One `git diff` process; `parent` and `commit` must
 * be shas.
 */
export async function commitLineChanges(
  root: string,
  parent: string,
  commit: string,
): Promise<Map<string, FileLineChanges>> {
  const { stdout } = await git(root, [...DIFF_ARGS, parent, commit, "--"]);
  const { files, patchStart } = parseRawEntries(stdout);
  const sections = patchSections(stdout.slice(patchStart));
  return new Map(files.map((file, index): [string, FileLineChanges] => [file.path, hunkLines(sections[index] ?? [])]));
}

/** The parents of a commit (none for a root commit or a shallow clone's boundary). */
export async function commitParents(root: string, commit: string): Promise<string[]> {
  const { stdout } = await git(root, ["rev-list", "--parents", "-n", "1", commit, "--"]);
  return stdout.trim().split(" ").slice(1);
}

/** Splits patch text into per-file line lists; a file's section starts with `diff --git `. */
function patchSections(patch: string): string[][] {
  const sections: string[][] = [];
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) sections.push([]);
    else sections[sections.length - 1]?.push(line);
  }
  return sections;
}

/** Added line numbers (`@@ -a,b +c,d @@`: lines c … c+d−1 of the new version) and removed text of one file's hunks. */
function hunkLines(section: string[]): FileLineChanges {
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
