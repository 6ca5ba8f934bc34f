import { join } from "node:path";
import { gitBytes, splitNulBytes } from "../git/exec.js";
import { type Listing, listedFromBytes, type ListedFile, type UnlistedFolder } from "./listedFile.js";

/**
 * Files git would consider part of the work tree below `dir`: tracked files plus untracked files
 * that are not ignored, by git's own rules (nested .gitignore, info/exclude, core.excludesFile).
 * Tracked files deleted from the work tree are left out. Paths are relative to `dir`, `/`-separated,
 * read as bytes so a name that is not UTF-8 can still be opened. Untracked nested repositories are
 * listed recursively. `untrackedFolders` names folders (such as `node_modules`) whose untracked
 * files are left out; tracked files in them are listed, since a committed (vendored) folder is part
 * of the repository. Folders git could not open (its "could not open directory" warnings) are
 * returned as `unlisted`: untracked files in them are unknown.
 */
export async function listGitFiles(dir: string, untrackedFolders: readonly string[] = []): Promise<Listing> {
  const excludes = untrackedFolders.map((name) => `--exclude=${name}/`);
  const [listed, deleted] = await Promise.all([
    gitBytes(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", ...excludes, "--", "."]),
    gitBytes(dir, ["ls-files", "-z", "--deleted", "--", "."]),
  ]);
  const gone = new Set(splitNulBytes(deleted.stdout).map((entry) => entry.toString("latin1")));
  const files = new Map<string, ListedFile>();
  const unlisted = unopenedFolders(listed.stderr);
  for (const entry of splitNulBytes(listed.stdout)) {
    if (gone.has(entry.toString("latin1"))) continue;
    const file = listedFromBytes(entry);
    if (!file.name.endsWith("/")) {
      files.set(file.name, file);
      continue;
    }
    const nested = await listNestedRepository(dir, file, untrackedFolders);
    for (const inner of nested.files) files.set(file.name + inner.name, joinListed(file, inner));
    for (const folder of nested.unlisted) unlisted.push({ ...folder, name: file.name + folder.name });
  }
  return { files: [...files.values()].sort((a, b) => compareNames(a.name, b.name)), unlisted };
}

/** git's "could not open directory 'x/': reason" warnings, as folders. */
function unopenedFolders(stderr: string): UnlistedFolder[] {
  const folders: UnlistedFolder[] = [];
  for (const line of stderr.split("\n")) {
    const match = /^warning: could not open directory '(.*)': (.*)$/.exec(line);
    if (match) folders.push({ name: match[1] as string, reason: (match[2] as string).toLowerCase() });
  }
  return folders;
}

function joinListed(folder: ListedFile, inner: ListedFile): ListedFile {
  const name = folder.name + inner.name;
  if (!folder.bytes && !inner.bytes) return { name };
  return {
    name,
    bytes: Buffer.concat([folder.bytes ?? Buffer.from(folder.name), inner.bytes ?? Buffer.from(inner.name)]),
  };
}

/** An untracked nested repository's own listing; one git cannot list is an unlisted folder. */
async function listNestedRepository(
  dir: string,
  folder: ListedFile,
  untrackedFolders: readonly string[],
): Promise<Listing> {
  const unlisted = (reason: string): Listing => ({ files: [], unlisted: [{ name: "", reason }] });
  if (folder.bytes) return unlisted("nested repository whose name is not UTF-8; not listed");
  try {
    return await listGitFiles(join(dir, folder.name), untrackedFolders);
  } catch {
    return unlisted("nested repository git could not list");
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
