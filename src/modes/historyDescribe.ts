import type { Finding } from "../findings/types.js";
import { readCommits } from "../git/commitInfo.js";
import type { CommitInfo } from "../text/chunk.js";

/**
 * Fills in the author name, e-mail and subject of the commits findings name that the walk took
 * from its record (`undescribed`, which keeps none of them): one `git log --no-walk` for the few
 * commits a report shows, instead of keeping every commit's in a cache file.
 */
export async function describeCommits(
  root: string,
  findings: readonly Finding[],
  undescribed: ReadonlySet<string>,
): Promise<void> {
  if (undescribed.size === 0) return;
  const named: CommitInfo[] = [];
  for (const { provenance } of findings) {
    if (provenance.type !== "git-blob") continue;
    for (const commit of [provenance.introducedBy, provenance.removedBy])
      if (commit && undescribed.has(commit.sha)) named.push(commit);
  }
  if (named.length === 0) return;
  const facts = await readCommits(
    root,
    named.map((commit) => commit.sha),
  );
  for (const commit of named) {
    const known = facts.get(commit.sha);
    if (!known) throw new Error(`commit ${commit.sha} could not be described`);
    commit.authorName = known.authorName;
    commit.authorEmail = known.authorEmail;
    commit.subject = known.subject;
  }
}
