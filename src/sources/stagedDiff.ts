import { git } from "../git/exec.js";
import { parseRawEntries } from "../git/rawDiff.js";

/** One staged file: its index blob and, unless git saw it as binary, the lines the change adds. */
export interface StagedFile {
  path: string;
  blobId: string;
  mode: string;
  /** 1-based line numbers of added or modified lines in the staged version; undefined means "all lines". */
  changedLines?: Set<number>;
}

/**
 * The fixed options of the staged diff: index against HEAD (git uses the empty tree when there is
 * no commit yet), added/copied/modified/renamed files only, full blob ids, raw entries
 * NUL-separated, then a zero-context patch. Options a user's config could change are pinned.
 */
const DIFF_ARGS = [
  "diff",
  "--cached",
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
 * Lists the staged files of the repository at `root` with one `git diff` process: raw entries
 * give paths and blob ids; the patch that follows, in the same file order, gives the added lines.
 * File names never need to be parsed out of patch headers.
 */
export async function stagedFiles(root: string): Promise<StagedFile[]> {
  const { stdout } = await git(root, [...DIFF_ARGS, "--"]);
  const { files, patchStart } = parseRawEntries(stdout);
  const sections = patchSections(stdout.slice(patchStart));
  return files.map((file, index): StagedFile => {
    const lines = addedLines(sections[index] ?? []);
    return lines ? { ...file, changedLines: lines } : file;
  });
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

/**
 * Lines added by a file's hunks (`@@ -a,b +c,d @@`: lines c … c+d−1 of the new file). Undefined
 * when git showed the file as binary: the caller then scans every line, in case it decodes as text.
 */
function addedLines(section: string[]): Set<number> | undefined {
  const lines = new Set<number>();
  for (const line of section) {
    if (line.startsWith("Binary files ")) return undefined;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    for (let n = start; n < start + count; n++) lines.add(n);
  }
  return lines;
}
