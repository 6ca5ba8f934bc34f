import { git } from "../git/exec.js";

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
  "diff", "--cached", "--raw", "--patch", "-U0", "-z", "--no-abbrev", "-M", "--diff-filter=ACMR",
  "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/",
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
  files.forEach((file, index) => {
    const lines = addedLines(sections[index] ?? []);
    if (lines) file.changedLines = lines;
  });
  return files;
}

/** Raw entries at the start of the output: `:modes ids status\0path\0` (renames: two paths). */
export function parseRawEntries(output: string): { files: StagedFile[]; patchStart: number } {
  const files: StagedFile[] = [];
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
