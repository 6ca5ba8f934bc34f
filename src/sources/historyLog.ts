import { firstLine, GitError, gitBytes, gitEnv, spawnGit } from "../git/exec.js";
import { ByteReader } from "../git/byteReader.js";
import type { CommitInfo } from "../text/chunk.js";
import { decodeUtf8Escaped } from "../util/escapedUtf8.js";

/** One path a commit changed, from `git log --raw`. Blob ids are full; all zeros means "none". */
export interface RawChange {
  /** Mode before and after, e.g. `100644`, `120000` (symlink), `160000` (submodule), `000000` (absent). */
  srcMode: string;
  dstMode: string;
  srcBlob: string;
  dstBlob: string;
  /** A, M, D, T, R…; for a merge's combined diff one letter per parent, e.g. `MM`. */
  status: string;
  path: string;
  /** For renames and copies: the path before. */
  oldPath?: string;
}

/** A commit with its changes. `committedAt` is the committer date (ISO 8601). */
export interface LogCommit {
  info: CommitInfo;
  committedAt: string;
  parents: string[];
  changes: RawChange[];
}

/** Starts a commit record; cannot occur in a sha, so it marks the start unambiguously. */
const COMMIT_MARK = "\u0001";
const FORMAT = `--format=${COMMIT_MARK}%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%s`;
const HEADER_FIELDS = 7;
const NEWLINE = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
const COMMIT_BYTE = 0x01;
/** Status letters of a rename and a copy, whose raw entries carry two paths. */
const RENAMED = 0x52;
const COPIED = 0x43;

/**
 * The order of the history walk: parents before children, by committer date otherwise. The same
 * arguments list the walk's commits alone (`listWalkOrder`), so a walk served partly from an
 * earlier run's record visits commits in exactly the order of a full one.
 */
const ORDER_ARGS = ["--date-order", "--reverse"] as const;

/** Options a user's config could change that bear on which commits a walk lists or how; pinned. */
const PINNED_ARGS = ["--no-color", "--no-show-signature"] as const;

/**
 * What the history walk reads of each commit: raw diffs with full ids, NUL-separated (paths may
 * hold anything but NUL), root (and shallow-boundary) commits as additions, exact renames only
 * (`-M100%` is cheap: no content comparison), and merges as combined diffs, so a merge shows only
 * content that is in none of its parents (a conflict resolution), never the branch it merged.
 * Depends on the commit (and so its parents) alone, never on the rest of the walk.
 */
const COMMIT_ARGS = [
  "--raw",
  "--no-abbrev",
  "-z",
  "--root",
  "-M100%",
  "--diff-merges=combined",
  ...PINNED_ARGS,
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  FORMAT,
] as const;

/**
 * Runs `git log` over `selection` (revisions, `--all`, `--since=…`; callers pass only validated
 * shas or fixed options) in the walk's order and yields commits as they stream in, oldest first,
 * in batches: the commits each piece of git's output completes.
 */
export async function* readHistoryLog(cwd: string, selection: readonly string[]): AsyncGenerator<LogCommit[]> {
  yield* streamLog(cwd, ["log", ...ORDER_ARGS, ...COMMIT_ARGS, ...selection, "--"]);
}

/**
 * The given commits as `readHistoryLog` reads them (each exactly as in a walk), in batches, in no
 * particular order: one `git log --no-walk` that takes the ids on its input.
 */
export async function* readLogCommits(cwd: string, shas: readonly string[]): AsyncGenerator<LogCommit[]> {
  if (shas.length === 0) return;
  yield* streamLog(cwd, ["log", "--no-walk=unsorted", "--stdin", ...COMMIT_ARGS, "--"], `${shas.join("\n")}\n`);
}

/** A commit of the walk's order and its parents. */
export interface ListedCommit {
  sha: string;
  parents: string[];
}

/** The commits `readHistoryLog` would yield for `selection`, in its order, without their changes: a far cheaper walk. */
export async function listWalkOrder(cwd: string, selection: readonly string[]): Promise<ListedCommit[]> {
  const { stdout } = await gitBytes(cwd, ["log", ...ORDER_ARGS, ...PINNED_ARGS, "--format=%H %P", ...selection, "--"]);
  const listed: ListedCommit[] = [];
  for (const line of stdout.toString("latin1").split("\n")) {
    if (line === "") continue;
    const [sha = "", ...parents] = line.split(" ");
    listed.push({ sha, parents: parents.filter((parent) => parent !== "") });
  }
  return listed;
}

/** `git log` output read ahead of the parser at most (see `ByteReader`). */
const LOG_READ_AHEAD = 32 * 1024 * 1024;

async function* streamLog(cwd: string, args: readonly string[], input?: string): AsyncGenerator<LogCommit[]> {
  // GIT_FLUSH=0: into a pipe, git log would flush after every commit (one write, and one read here, each).
  const git = spawnGit(cwd, args, { ...gitEnv(), GIT_FLUSH: "0" });
  const child = git.process;
  child.stdin.end(input);
  try {
    yield* logCommitBatches(new ByteReader(child.stdout, LOG_READ_AHEAD).readPieces());
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await git.exited;
  if (code !== 0) throw new GitError("log", firstLine(git.stderr()) || `exited with ${code}`);
}

/**
 * Parses a stream of `COMMIT_ARGS` output into commits, one array per stream piece (none for a piece
 * that completes no commit). Tokens are split on NUL and read as byte ranges of the piece: only
 * what a commit keeps becomes a string, each one of its own (a piece of a longer string would be,
 * in V8, a view keeping all of it alive). The rest after a piece's last NUL waits for the next.
 */
export async function* logCommitBatches(stream: AsyncIterable<Buffer>): AsyncGenerator<LogCommit[]> {
  const parser = new LogParser();
  let carry: Buffer | undefined;
  for await (const chunk of stream) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    const last = data.lastIndexOf(0);
    if (last < 0) {
      carry = data;
      continue;
    }
    carry = last + 1 < data.length ? data.subarray(last + 1) : undefined;
    const done: LogCommit[] = [];
    for (let start = 0; start <= last; ) {
      const end = data.indexOf(0, start);
      const commit = parser.push(data, start, end);
      if (commit) done.push(commit);
      start = end + 1;
    }
    if (done.length > 0) yield done;
  }
  const done = carry ? parser.push(carry, 0, carry.length) : undefined;
  const last = parser.finish();
  const rest = [done, last].filter((commit): commit is LogCommit => commit !== undefined);
  if (rest.length > 0) yield rest;
}

/** UTF-8 text of `data[start, end)` (a path, a name, a subject), invalid bytes kept visible as `\xNN`. */
function utf8Text(data: Buffer, start: number, end: number): string {
  const text = data.toString("utf8", start, end);
  return text.includes("\uFFFD") ? decodeUtf8Escaped(data.subarray(start, end)) : text;
}

/** ASCII text of `data[start, end)`: ids, modes, dates, status letters. */
function asciiText(data: Buffer, start: number, end: number): string {
  return data.toString("latin1", start, end);
}

/** Header fields that are ASCII by construction (`%H`, `%P`, `%aI`, `%cI`); the others are UTF-8. */
const ASCII_FIELDS = new Set([0, 1, 4, 5]);

/**
 * A positional parser for the `COMMIT_ARGS` output: a commit header (seven fields), then raw
 * entries, each a `:modes ids status` token followed by one path (two for renames and copies).
 * Paths are interned: a file's path comes once per change to it, and the index keeps them all.
 */
class LogParser {
  private current: LogCommit | undefined;
  private header: string[] = [];
  private pending: Omit<RawChange, "path"> | undefined;
  /** Paths still to come for the pending change; a rename or copy has two, the first where it came from. */
  private pathsWanted = 0;
  /** A rename's or copy's first path, once read. */
  private fromPath: string | undefined;
  private readonly paths = new Map<string, string>();
  /** Where the fields of a raw entry's first token end (reused). */
  private readonly spaces: number[] = [];

  /** Feeds the token `data[start, end)`; returns a commit when the token completes the previous one. */
  push(data: Buffer, start: number, end: number): LogCommit | undefined {
    const fields = this.header.length;
    if (fields > 0 && fields < HEADER_FIELDS) {
      this.header.push(ASCII_FIELDS.has(fields) ? asciiText(data, start, end) : utf8Text(data, start, end));
      if (this.header.length === HEADER_FIELDS) this.startCommit();
      return undefined;
    }
    if (this.pathsWanted > 0) {
      this.takePath(this.internedPath(utf8Text(data, start, end)));
      return undefined;
    }
    const at = data[start] === NEWLINE ? start + 1 : start;
    if (at < end && data[at] === COMMIT_BYTE) {
      const done = this.current;
      this.current = undefined;
      this.header = [asciiText(data, at + 1, end)];
      return done;
    }
    if (at < end && data[at] === COLON) this.startChange(data, at, end);
    return undefined;
  }

  /** The last commit, at end of input. */
  finish(): LogCommit | undefined {
    const done = this.current;
    this.current = undefined;
    return done;
  }

  private internedPath(path: string): string {
    const known = this.paths.get(path);
    if (known !== undefined) return known;
    this.paths.set(path, path);
    return path;
  }

  private startCommit(): void {
    const [sha = "", parents = "", authorName = "", authorEmail = "", date = "", committedAt = "", subject = ""] =
      this.header;
    this.current = {
      info: { sha, authorName, authorEmail, date, subject },
      committedAt,
      parents: parents === "" ? [] : parents.split(" "),
      changes: [],
    };
    this.header = [];
  }

  /**
   * `:100644 100644 <src> <dst> M` or, for a merge, `::m1 m2 m3 <p1> <p2> <dst> MM`: one mode per
   * parent and the result's, one id per parent and the result's, then the status. Read by
   * position from the bytes; this runs once per changed path of every commit.
   */
  private startChange(data: Buffer, start: number, end: number): void {
    let at = start;
    while (at < end && data[at] === COLON) at++;
    const colons = at - start;
    const spaces = this.spaces;
    spaces.length = 0;
    for (let space = data.indexOf(SPACE, at); space !== -1 && space < end; space = data.indexOf(SPACE, space + 1))
      spaces.push(space);
    spaces.push(end);
    const field = (index: number): string => {
      const from = index === 0 ? at : (spaces[index - 1] ?? end) + 1;
      return from > end ? "" : asciiText(data, from, spaces[index] ?? end);
    };
    const status = field(spaces.length - 1);
    this.pending = {
      srcMode: field(0),
      dstMode: field(colons),
      srcBlob: colons === 1 ? field(2) : "",
      dstBlob: field(2 * colons + 1),
      status,
    };
    const kind = status.charCodeAt(0);
    this.pathsWanted = colons === 1 && (kind === RENAMED || kind === COPIED) ? 2 : 1;
    this.fromPath = undefined;
  }

  /** One path of the pending change: the last one completes it (a rename's or copy's first is where it came from). */
  private takePath(path: string): void {
    this.pathsWanted -= 1;
    if (this.pathsWanted > 0) {
      this.fromPath = path;
      return;
    }
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || !this.current) return;
    const { srcMode, dstMode, srcBlob, dstBlob, status } = pending;
    const oldPath = this.fromPath;
    this.current.changes.push(
      oldPath === undefined
        ? { srcMode, dstMode, srcBlob, dstBlob, status, path }
        : { srcMode, dstMode, srcBlob, dstBlob, status, path, oldPath },
    );
  }
}
