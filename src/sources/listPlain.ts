import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { compileGitignore, type GitignoreRules } from "./gitignore.js";
import { type Listing, listedFromBytes, listedPath, type ListedFile } from "./listedFile.js";

/** A `.gitignore` and the folder (relative, `/`-terminated or "") its lines are relative to. */
interface Scope {
  base: string;
  rules: GitignoreRules;
}

/**
 * Every file below `dir`, hidden ones included, without descending into `skipDirs` (`.git/`,
 * `node_modules/`). Names are read as bytes, so a file whose name is not UTF-8 is listed under an
 * escaped name and still opened by its own bytes. A folder that cannot be read (permission denied)
 * is returned in `unlisted`, never skipped silently. With `respectGitignore`, `.gitignore` files
 * found on the way apply relative to their own folders as in git (a deeper file overrides a
 * shallower one) and an ignored folder is not entered. Names are relative, `/`-separated, sorted.
 */
export function listPlainFiles(dir: string, respectGitignore: boolean, skipDirs: readonly string[]): Listing {
  const listing: Listing = { files: [], unlisted: [] };
  const folders: { folder: ListedFile; scopes: Scope[] }[] = [{ folder: { name: "" }, scopes: [] }];
  for (let next = folders.pop(); next; next = folders.pop()) {
    const { folder, scopes: outer } = next;
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(listedPath(dir, folder), { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      listing.unlisted.push({ name: folder.name || ".", reason: folderError(error) });
      continue;
    }
    const scopes = respectGitignore ? withGitignore(dir, folder, entries, outer) : outer;
    for (const entry of entries) {
      const child = childOf(folder, entry.name);
      const base = child.name.slice(folder.name.length);
      if (skipDirs.includes(base)) continue;
      const isDirectory = entry.isDirectory();
      if (isIgnored(scopes, child.name, isDirectory)) continue;
      if (isDirectory) folders.push({ folder: { ...child, name: `${child.name}/`, ...slashed(child) }, scopes });
      else listing.files.push(child);
    }
  }
  listing.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return listing;
}

function childOf(folder: ListedFile, name: Buffer): ListedFile {
  const own = listedFromBytes(name);
  if (!folder.bytes && !own.bytes) return { name: folder.name + own.name };
  return {
    name: folder.name + own.name,
    bytes: Buffer.concat([folder.bytes ?? Buffer.from(folder.name), own.bytes ?? name]),
  };
}

function slashed(file: ListedFile): Partial<ListedFile> {
  return file.bytes ? { bytes: Buffer.concat([file.bytes, Buffer.from("/")]) } : {};
}

/** `outer` plus the folder's own `.gitignore`, when it has a readable one. */
function withGitignore(dir: string, folder: ListedFile, entries: Dirent<Buffer>[], outer: Scope[]): Scope[] {
  if (!entries.some((entry) => entry.isFile() && entry.name.toString("latin1") === ".gitignore")) return outer;
  try {
    const file = childOf(folder, Buffer.from(".gitignore"));
    const text = readFileSync(listedPath(dir, file), "utf8");
    return [...outer, { base: folder.name, rules: compileGitignore(text) }];
  } catch {
    return outer;
  }
}

/** The deepest `.gitignore` with an opinion decides. */
function isIgnored(scopes: Scope[], path: string, isDirectory: boolean): boolean {
  for (let at = scopes.length - 1; at >= 0; at--) {
    const scope = scopes[at] as Scope;
    const verdict = scope.rules.test(path.slice(scope.base.length), isDirectory);
    if (verdict) return verdict === "ignored";
  }
  return false;
}

function folderError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return `cannot list (${code ?? "unknown error"})`;
}
