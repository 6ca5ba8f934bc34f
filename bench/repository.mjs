// bench/repository.mjs — what a real bench repository holds, so a result can be read against its size.
import { execFileSync } from "node:child_process";

const git = (dir, args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });

/**
 * Counts what the suites read: commits and refs (`git log --all` walks them), unique blobs and their
 * bytes (what `history` and `cat-file --batch-all-objects` read), and for a non-bare repository the
 * files and bytes of HEAD's tree (what `scan` reads in a fresh clone). Returns those numbers, `isBare`,
 * `dir` and a one-line `summary`.
 */
export function describeRepository(dir) {
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
  return { dir, isBare, commits, refs, blobs, blobBytes, files, treeBytes, summary: parts.join(", ") };
}
