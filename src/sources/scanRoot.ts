import { stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { git } from "../git/exec.js";

/**
 * The directory report paths are relative to. Inside a git work tree it is the top of that work
 * tree (when every scanned path is in it), so a finding has one path, and so one fingerprint,
 * whether the user scans `.`, a folder, the file itself or runs from another directory. Outside a
 * work tree it is the single directory scanned, else `cwd`.
 */
export async function scanRoot(paths: string[], cwd: string): Promise<string> {
  const absolute = paths.map((path) => resolve(cwd, path));
  const infos = await Promise.all(absolute.map((path) => stat(path).catch(() => undefined)));
  const first = absolute[0];
  if (first !== undefined && infos[0]) {
    const top = await workTreeTop(infos[0].isDirectory() ? first : dirname(first));
    if (top !== undefined && absolute.every((path) => isInside(top, path))) return top;
  }
  if (absolute.length === 1 && infos[0]?.isDirectory()) return absolute[0] as string;
  return resolve(cwd);
}

/**
 * The top of the work tree holding `dir`, spelled from `dir` itself (through `--show-cdup`), so a
 * symbolic link in the path the user typed stays in it and relative paths below it stay short.
 */
async function workTreeTop(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(dir, ["rev-parse", "--show-cdup"]);
    return resolve(dir, stdout.trim());
  } catch {
    return undefined;
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel.split(sep)[0] !== ".." && !isAbsolute(rel);
}
