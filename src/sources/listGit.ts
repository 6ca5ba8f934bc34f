import { join } from "node:path";
import { git, splitNul } from "../git/exec.js";

/**
 * Files git would consider part of the work tree below `dir`: tracked files plus untracked files
 * that are not ignored, by git's own rules (nested .gitignore, info/exclude, core.excludesFile).
 * Tracked files deleted from the work tree are left out. Paths are relative to `dir`, `/`-separated.
 * Untracked nested repositories are listed recursively.
 */
export async function listGitFiles(dir: string): Promise<string[]> {
  const [listed, deleted] = await Promise.all([
    git(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]),
    git(dir, ["ls-files", "-z", "--deleted", "--", "."]),
  ]);
  const gone = new Set(splitNul(deleted.stdout));
  const files = new Set<string>();
  for (const entry of splitNul(listed.stdout)) {
    if (gone.has(entry)) continue;
    if (entry.endsWith("/")) {
      for (const nested of await listNestedRepository(join(dir, entry))) files.add(entry + nested);
    } else {
      files.add(entry);
    }
  }
  return [...files].sort();
}

async function listNestedRepository(dir: string): Promise<string[]> {
  try {
    return await listGitFiles(dir);
  } catch {
    return [];
  }
}
