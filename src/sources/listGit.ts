import { join } from "node:path";
import { git, splitNul } from "../git/exec.js";

/**
 * Files git would consider part of the work tree below `dir`: tracked files plus untracked files
 * that are not ignored, by git's own rules (nested .gitignore, info/exclude, core.excludesFile).
 * Tracked files deleted from the work tree are left out. Paths are relative to `dir`, `/`-separated.
 * Untracked nested repositories are listed recursively. `untrackedFolders` names folders (such as
 * `node_modules`) whose untracked files are left out; tracked files in them are listed, since a
 * committed (vendored) folder is part of the repository.
 */
export async function listGitFiles(dir: string, untrackedFolders: readonly string[] = []): Promise<string[]> {
  const excludes = untrackedFolders.map((name) => `--exclude=${name}/`);
  const [listed, deleted] = await Promise.all([
    git(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", ...excludes, "--", "."]),
    git(dir, ["ls-files", "-z", "--deleted", "--", "."]),
  ]);
  const gone = new Set(splitNul(deleted.stdout));
  const files = new Set<string>();
  for (const entry of splitNul(listed.stdout)) {
    if (gone.has(entry)) continue;
    if (entry.endsWith("/")) {
      for (const nested of await listNestedRepository(join(dir, entry), untrackedFolders)) files.add(entry + nested);
    } else {
      files.add(entry);
    }
  }
  return [...files].sort();
}

async function listNestedRepository(dir: string, untrackedFolders: readonly string[]): Promise<string[]> {
  try {
    return await listGitFiles(dir, untrackedFolders);
  } catch {
    return [];
  }
}
