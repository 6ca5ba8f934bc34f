import { git } from "../git/exec.js";
import { type HunkChanges, hunkChanges, PATCH_DIFF_OPTIONS, parseRawEntries, patchSections } from "../git/rawDiff.js";

/** What a commit's diff against one parent did to one file of the commit (removed lines come from the parent's version, or from where a renamed file came from). */
export type FileLineChanges = HunkChanges;

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
  const { stdout } = await git(root, ["diff", ...PATCH_DIFF_OPTIONS, parent, commit, "--"]);
  const { files, patchStart } = parseRawEntries(stdout);
  const sections = patchSections(stdout.slice(patchStart));
  return new Map(
    files.map((file, index): [string, FileLineChanges] => [file.path, hunkChanges(sections[index] ?? [])]),
  );
}

/** The parents of a commit (none for a root commit or a shallow clone's boundary). */
export async function commitParents(root: string, commit: string): Promise<string[]> {
  const { stdout } = await git(root, ["rev-list", "--parents", "-n", "1", commit, "--"]);
  return stdout.trim().split(" ").slice(1);
}
