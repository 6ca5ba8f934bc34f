import { git } from "../git/exec.js";
import { hunkChanges, PATCH_DIFF_OPTIONS, parseRawEntries, patchSections } from "../git/rawDiff.js";

/** One staged file: its index blob and, unless git saw it as binary, the lines the change adds. */
export interface StagedFile {
  path: string;
  blobId: string;
  mode: string;
  /** 1-based line numbers of added or modified lines in the staged version; undefined means "all lines". */
  changedLines?: Set<number>;
}

/**
 * Lists the staged files of the repository holding `dir` (any directory of its work tree; paths
 * are relative to the top, `--no-relative`) with one `git diff --cached` process (index
 * against HEAD; git uses the empty tree when there is no commit yet): raw entries give paths and
 * blob ids; the patch that follows, in the same file order, gives the added lines.
 */
export async function stagedFiles(dir: string): Promise<StagedFile[]> {
  const { stdout } = await git(dir, ["diff", "--cached", ...PATCH_DIFF_OPTIONS, "--"]);
  const { files, patchStart } = parseRawEntries(stdout);
  const sections = patchSections(stdout.slice(patchStart));
  return files.map((file, index): StagedFile => {
    const lines = hunkChanges(sections[index] ?? []).added;
    return lines ? { ...file, changedLines: lines } : file;
  });
}
