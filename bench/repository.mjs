// bench/repository.mjs — what a real bench repository holds, so a result can be read against its size.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";

const git = (dir, args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });

/**
 * Counts what the suites read: commits and refs (`git log --all` walks them), unique blobs and their
 * bytes (what `history` and `cat-file --batch-all-objects` read), and for a non-bare repository the
 * files and bytes of HEAD's tree (what `scan` reads in a fresh clone). Returns those numbers, `isBare`,
 * `dir`, the `suites` that apply (a bare repository has no tree to scan or stage) and a one-line
 * `summary`. A folder that is not a repository's top (say, one holding several clones) gets the tree
 * suite only, and no counts: the tree rows give what `scan` read.
 */
export function describeRepository(dir) {
  if (!isRepository(dir)) return { dir, isBare: false, suites: ["tree"], summary: "not a git repository: tree only" };
  const isBare = git(dir, ["rev-parse", "--is-bare-repository"]).trim() === "true";
  const commits = Number(git(dir, ["rev-list", "--all", "--count"]).trim());
  const refs = git(dir, ["for-each-ref", "--format=x"]).split("\n").filter(Boolean).length;
  let blobs = 0;
  let blobBytes = 0;
  for (const line of git(dir, ["cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"]).split(
    "\n",
  )) {
    if (!line.startsWith("blob ")) continue;
    blobs++;
    blobBytes += Number(line.slice(5));
  }
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const parts = [`${commits} commits`, `${refs} refs`, `${blobs} blobs (${mb(blobBytes)})`];
  let files = 0;
  let treeBytes = 0;
  if (!isBare) {
    for (const line of git(dir, ["ls-tree", "-r", "-l", "HEAD"]).split("\n")) {
      const size = Number(line.split(/\s+/)[3]);
      if (!Number.isFinite(size)) continue;
      files++;
      treeBytes += size;
    }
    parts.push(`HEAD tree ${files} files (${mb(treeBytes)})`);
  } else parts.push("bare: history only");
  const suites = isBare ? ["history", "repeat"] : ["history", "repeat", "tree", "staged"];
  return { dir, isBare, suites, commits, refs, blobs, blobBytes, files, treeBytes, summary: parts.join(", ") };
}

/** True for a bare repository or the top folder of a work tree (not a folder somewhere inside or above one). */
function isRepository(dir) {
  const quiet = (args) =>
    execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    if (quiet(["rev-parse", "--is-bare-repository"]) === "true") return true;
    return realpathSync(quiet(["rev-parse", "--show-toplevel"])) === realpathSync(dir);
  } catch {
    return false;
  }
}
