import { decodeUtf8Escaped } from "../util/escapedUtf8.js";
import { spawnGit } from "./exec.js";

/** A commit's author, date, subject and parents (first parent first), as `git log` gives them. */
export interface CommitFacts {
  sha: string;
  authorName: string;
  authorEmail: string;
  /** Author date, ISO 8601. */
  date: string;
  /** First line of the message. */
  subject: string;
  parents: string[];
}

/** The fields `readCommits` asks for: the ones the history walk reads, so both describe a commit alike. */
const FORMAT = "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%s";
const FIELDS = 6;

/**
 * The facts of each commit in `shas` (full ids of commits that exist, e.g. ref tips or commits of
 * the walk), by sha, from one `git log --no-walk` that reads them on stdin. Rejects when git fails,
 * for example on an id that is not a commit.
 */
export async function readCommits(root: string, shas: readonly string[]): Promise<Map<string, CommitFacts>> {
  const facts = new Map<string, CommitFacts>();
  const distinct = [...new Set(shas)];
  if (distinct.length === 0) return facts;
  const child = spawnGit(root, [
    "log",
    "--no-walk=unsorted",
    "--stdin",
    "-z",
    "--no-color",
    "--no-show-signature",
    FORMAT,
    "--",
  ]);
  const chunks: Buffer[] = [];
  child.process.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.process.stdin.end(distinct.map((sha) => `${sha}\n`).join(""));
  const code = await child.exited;
  if (code !== 0) throw new Error(`git log --no-walk exited ${code}: ${child.stderr()}`);
  const tokens = decodeUtf8Escaped(Buffer.concat(chunks)).split("\0");
  for (let at = 0; at + FIELDS <= tokens.length; at += FIELDS) {
    const [sha = "", parents = "", authorName = "", authorEmail = "", date = "", subject = ""] = tokens.slice(
      at,
      at + FIELDS,
    );
    facts.set(sha, { sha, authorName, authorEmail, date, subject, parents: parents === "" ? [] : parents.split(" ") });
  }
  return facts;
}
