import { firstLine, GitError, gitEnv, spawnGit } from "../git/exec.js";
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
/** Status letters of a rename and a copy, whose raw entries carry two paths. */
const RENAMED = 0x52;
const COPIED = 0x43;

/**
 * The fixed part of the history walk: raw diffs with full ids, NUL-separated (paths may hold
 * anything but NUL), parents before children, root (and shallow-boundary) commits as additions,
 * exact renames only (`-M100%` is cheap: no content comparison), and merges as combined diffs, so a
 * merge shows only content that is in none of its parents (a conflict resolution), never the
 * branch it merged. Options a user's config could change are pinned.
 */
const LOG_ARGS = [
  "log",
  "--raw",
  "--no-abbrev",
  "-z",
  "--date-order",
  "--reverse",
  "--root",
  "-M100%",
  "--diff-merges=combined",
  "--no-color",
  "--no-show-signature",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  FORMAT,
] as const;

/**
 * Runs `git log` with `LOG_ARGS` plus `selection` (revisions, `--all`, `--since=…`; callers pass
 * only validated shas or fixed options) and yields commits as they stream in, oldest first.
 */
export async function* readHistoryLog(cwd: string, selection: readonly string[]): AsyncGenerator<LogCommit> {
  // GIT_FLUSH=0: into a pipe, git log would flush after every commit (one write, and one read here, each).
  const git = spawnGit(cwd, [...LOG_ARGS, ...selection, "--"], { ...gitEnv(), GIT_FLUSH: "0" });
  const child = git.process;
  child.stdin.end(); // git log reads no input
  const parser = new LogParser();
  try {
    for await (const tokens of nulTokenBatches(child.stdout)) {
      for (const token of tokens) {
        const done = parser.push(token);
        if (done) yield done;
      }
    }
    const last = parser.finish();
    if (last) yield last;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await git.exited;
  if (code !== 0) throw new GitError("log", firstLine(git.stderr()) || `exited with ${code}`);
}

/**
 * Splits a byte stream on NUL into UTF-8 strings (a path that is not UTF-8 keeps its bytes as
 * `\xNN`), one array per stream chunk; the rest after a chunk's last NUL waits for the next chunk.
 * One await per chunk, not per token. Each token is decoded on its own rather than split from
 * the decoded chunk: V8 makes such a piece a view that keeps the whole chunk's text alive, and
 * the index keeps a path or an id from nearly every chunk, so all of git's output stayed in
 * memory (about 17 MB of prettier's 54 MB index).
 */
export async function* nulTokenBatches(stream: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  let carry: Buffer | undefined;
  for await (const chunk of stream) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    const last = data.lastIndexOf(0);
    if (last < 0) {
      carry = data;
      continue;
    }
    carry = last + 1 < data.length ? data.subarray(last + 1) : undefined;
    const tokens: string[] = [];
    for (let start = 0; start <= last; ) {
      const end = data.indexOf(0, start);
      tokens.push(decodeUtf8Escaped(data.subarray(start, end)));
      start = end + 1;
    }
    yield tokens;
  }
  if (carry) yield [decodeUtf8Escaped(carry)];
}

/**
 * `text` as a string of its own: a piece of a longer string is, in V8, a view that keeps all of
 * it alive, and blob ids (kept by the index for the whole run) are pieces of their raw entry.
 */
function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * A positional parser for the `LOG_ARGS` output: a commit header (seven fields), then raw
 * entries, each a `:modes ids status` token followed by one path (two for renames and copies).
 */
class LogParser {
  private current: LogCommit | undefined;
  private header: string[] = [];
  private pending: Omit<RawChange, "path"> | undefined;
  /** Paths still to come for the pending change; a rename or copy has two, the first where it came from. */
  private pathsWanted = 0;
  /** A rename's or copy's first path, once read. */
  private fromPath: string | undefined;

  /** Feeds one token; returns a commit when the token completes the previous one. */
  push(token: string): LogCommit | undefined {
    if (this.header.length > 0 && this.header.length < HEADER_FIELDS) {
      this.header.push(token);
      if (this.header.length === HEADER_FIELDS) this.startCommit();
      return undefined;
    }
    if (this.pathsWanted > 0) {
      this.takePath(token);
      return undefined;
    }
    const text = token.charCodeAt(0) === NEWLINE ? token.slice(1) : token;
    if (text.startsWith(COMMIT_MARK)) {
      const done = this.current;
      this.current = undefined;
      this.header = [text.slice(1)];
      return done;
    }
    if (text.charCodeAt(0) === COLON) this.startChange(text);
    return undefined;
  }

  /** The last commit, at end of input. */
  finish(): LogCommit | undefined {
    const done = this.current;
    this.current = undefined;
    return done;
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
   * position, with one split; this runs once per changed path of every commit.
   */
  private startChange(text: string): void {
    let colons = 1;
    while (text.charCodeAt(colons) === COLON) colons++;
    const fields = text.slice(colons).split(" ");
    const status = fields[fields.length - 1] ?? "";
    this.pending = {
      srcMode: fields[0] ?? "",
      dstMode: fields[colons] ?? "",
      srcBlob: colons === 1 ? ownString(fields[2] ?? "") : "",
      dstBlob: ownString(fields[2 * colons + 1] ?? ""),
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
