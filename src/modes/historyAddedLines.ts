import { commitLineChanges, commitParents, type FileLineChanges } from "../sources/commitDiff.js";
import type { Finding } from "../findings/types.js";
import { git } from "../git/exec.js";

/**
 * Keeps the findings a partial history scan (`--range`, `--since`) may blame on its commits: those
 * on a line the introducing commit added, relative to every parent, whose secret is not in the
 * lines that commit removed there (a moved line or a file renamed with edits is not a new secret).
 * A secret on a line the commit left alone is older than the commit, even though its blob changed;
 * the commit that did add the line (if it is in the selection) has a finding of its own.
 * A root commit adds every line. Findings without a commit (unreachable blobs) are kept. `base`
 * (a range's excluded commit) also drops secrets the base already held in the same file.
 */
export async function keepAddedLines(root: string, findings: Finding[], base?: string): Promise<Finding[]> {
  const diffs = new CommitDiffs(root);
  const baseFiles = new Map<string, Promise<string | undefined>>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (!(await isAddedByCommit(finding, diffs))) continue;
    if (base !== undefined && (await fileAt(root, base, finding.path, baseFiles))?.includes(finding.secret)) continue;
    kept.push(finding);
  }
  return kept;
}

/**
 * The text of `path` in commit `base`, read once per path; undefined when the base has no such
 * file. With a range, a secret the base already held in the same file is not the range's, even
 * when a commit in the range re-adds its line (reverting the line's removal, say).
 */
function fileAt(
  root: string,
  base: string,
  path: string,
  cache: Map<string, Promise<string | undefined>>,
): Promise<string | undefined> {
  let text = cache.get(path);
  if (!text) {
    text = git(root, ["cat-file", "blob", `${base}:${path}`]).then(
      (output) => output.stdout,
      () => undefined,
    );
    cache.set(path, text);
  }
  return text;
}

async function isAddedByCommit(finding: Finding, diffs: CommitDiffs): Promise<boolean> {
  const provenance = finding.provenance;
  if (provenance.type !== "git-blob" || !provenance.introducedBy) return true;
  const perParent = await diffs.of(provenance.introducedBy.sha);
  return perParent.every((changes) => {
    const file = changes.get(provenance.path);
    if (!file) return false;
    return (
      (file.added === undefined || file.added.has(finding.location.startLine)) && !file.removed.includes(finding.secret)
    );
  });
}

/** Each commit's diff against each of its parents, computed once per commit. */
class CommitDiffs {
  private readonly cache = new Map<string, Promise<Map<string, FileLineChanges>[]>>();

  constructor(private readonly root: string) {}

  /** One map per parent; none for a root commit, which adds every line. */
  of(commit: string): Promise<Map<string, FileLineChanges>[]> {
    let diffs = this.cache.get(commit);
    if (!diffs) {
      diffs = this.compute(commit);
      this.cache.set(commit, diffs);
    }
    return diffs;
  }

  private async compute(commit: string): Promise<Map<string, FileLineChanges>[]> {
    const parents = await commitParents(this.root, commit);
    return Promise.all(parents.map((parent) => commitLineChanges(this.root, parent, commit)));
  }
}
