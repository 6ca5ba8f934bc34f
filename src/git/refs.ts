import { UserError } from "../problems.js";
import { git } from "./exec.js";

/**
 * Checks a revision the user typed (a branch, tag, sha, `HEAD~3`…) before it gets near git:
 * empty text, a leading `-` (which git would read as an option), NUL and line breaks are refused.
 * `flag` names the option in the error message.
 */
function validateRevision(text: string, flag: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new UserError(`${flag}: empty revision`);
  if (trimmed.startsWith("-"))
    throw new UserError(`${flag}: "${trimmed}" starts with "-"; revisions cannot start with a dash`);
  if (/[\0\r\n]/.test(trimmed)) throw new UserError(`${flag}: revision contains a control character`);
  return trimmed;
}

/**
 * Resolves a user revision to the full sha of the commit it names. Uses `--end-of-options`, so
 * even text that slipped past validation cannot become an option. Unknown revisions are
 * UserErrors naming the flag.
 */
export async function resolveCommit(cwd: string, text: string, flag: string): Promise<string> {
  const revision = validateRevision(text, flag);
  try {
    const { stdout } = await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]);
    const sha = stdout.trim();
    if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
  } catch {
    // fall through to the user-facing message
  }
  throw new UserError(`${flag}: "${revision}" is not a commit in this repository`);
}

/** A commit range as resolved shas: commits reachable from `include` but not from `exclude`. */
export interface CommitRange {
  exclude: string;
  include: string;
}

/**
 * Parses and resolves `A..B` (the commits B has that A does not, as in a pull request from A to B).
 * `A...B` (symmetric difference) is refused with a hint, because "introduced by the pull request"
 * means `base..head`. An omitted head means HEAD, as in git; an omitted base is refused, since
 * `..HEAD` is `HEAD..HEAD`, which selects nothing and would pass silently.
 */
export async function resolveRange(cwd: string, text: string): Promise<CommitRange> {
  if (text.includes("...")) throw new UserError(`--range: use A..B (two dots), not "${text}"`);
  const parts = text.split("..");
  if (parts.length !== 2) throw new UserError(`--range: expected A..B, for example origin/main..HEAD (got "${text}")`);
  const [from = "", to = ""] = parts;
  if (from.trim() === "")
    throw new UserError(
      `--range: the base is missing in "${text}" (an empty range selects nothing); expected A..B, for example origin/main..HEAD`,
    );
  const [exclude, include] = await Promise.all([
    resolveCommit(cwd, from, "--range"),
    resolveCommit(cwd, to.trim() === "" ? "HEAD" : to, "--range"),
  ]);
  return { exclude, include };
}

/** The full sha of HEAD, or undefined in a repository without commits (an unborn branch). */
export async function headCommit(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The top directory of the work tree containing `dir`; a UserError when there is none (see `repositoryError`). */
export async function repositoryRoot(dir: string): Promise<string> {
  try {
    const { stdout } = await git(dir, ["rev-parse", "--show-toplevel"]);
    const root = stdout.trim();
    if (root !== "") return root;
  } catch (error) {
    throw repositoryError(dir, error);
  }
  throw repositoryError(dir, undefined);
}

/** The UserError for a directory git does not take as a repository: one another user owns, or none. */
export function repositoryError(dir: string, error: unknown): UserError {
  // git's safe.directory check: the repository is there, but owned by another user.
  if (error instanceof Error && /dubious ownership/.test(error.message))
    return new UserError(
      `${dir}: git refuses this repository because another user owns it ("dubious ownership"); if you trust it: git config --global --add safe.directory <its path>`,
    );
  return new UserError(`${dir}: not inside a git work tree (run git init, or pass the repository path)`);
}
