import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { git } from "./exec.js";
import { headCommit, repositoryError } from "./refs.js";

/**
 * What a history audit needs to know about a repository before it starts, from two `git
 * rev-parse` run side by side. Each git child costs the calling thread 10–30 ms to start (more
 * as its memory grows), and a repeat audit of gin.git ran eight such questions one or a few at a
 * time before its first useful command.
 */
export interface RepositoryFacts {
  /** The top of the work tree; for a bare repository (or a directory inside a git directory), the git directory. */
  root: string;
  /** The absolute (common) git directory: the same for every work tree of the repository. */
  commonDir: string;
  /** The absolute `info` directory git reads a grafts file from. */
  infoDir: string;
  isShallow: boolean;
  /** HEAD's commit, undefined in a repository without commits (an unborn branch). */
  head: string | undefined;
}

/**
 * The facts of the repository containing `dir`; a UserError when there is none, or when git
 * refuses one another user owns. `--show-cdup` rather than `--show-toplevel`, which fails in a bare
 * repository (and a failing `rev-parse` prints nothing after the failing option);
 * `--is-inside-work-tree` says whether it printed a line.
 */
export async function repositoryFacts(dir: string): Promise<RepositoryFacts> {
  const [answers, head] = await Promise.all([
    git(dir, [
      "rev-parse",
      "--is-shallow-repository",
      "--absolute-git-dir",
      "--git-common-dir",
      "--git-path",
      "info",
      "--show-cdup",
      "--is-inside-work-tree",
    ]).catch((error: unknown) => {
      throw repositoryError(dir, error);
    }),
    headCommit(dir),
  ]);
  const lines = answers.stdout.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const [shallow, gitDir = "", commonDir = "", infoDir = ""] = lines;
  const isInWorkTree = lines.at(-1) === "true";
  if (gitDir === "" || lines.length !== (isInWorkTree ? 6 : 5)) throw repositoryError(dir, undefined);
  const here = await realpath(dir);
  return {
    root: isInWorkTree ? resolve(here, lines[4] ?? "") : gitDir,
    commonDir: await realpath(resolve(here, commonDir)),
    infoDir: resolve(here, infoDir),
    isShallow: shallow === "true",
    head,
  };
}
