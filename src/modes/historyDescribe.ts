import type { Finding } from "../findings/types.js";
import { type CommitFacts, readCommits } from "../git/commitInfo.js";
import type { CommitInfo } from "../text/chunk.js";

/**
 * Reads the facts of `shas` and fills in the author name, e-mail and subject of the commits
 * findings name that the walk took from its record (`undescribed`, which keeps none of them), in
 * one `git log --no-walk` for both: what a report shows of the few commits it names, instead of
 * keeping every commit's in a cache file. Returns the facts of `shas`.
 */
export async function describeCommits(
  root: string,
  findings: readonly Finding[],
  undescribed: ReadonlySet<string>,
  shas: readonly string[] = [],
): Promise<ReadonlyMap<string, CommitFacts>> {
  const named: CommitInfo[] = [];
  if (undescribed.size > 0)
    for (const { provenance } of findings) {
      if (provenance.type !== "git-blob") continue;
      for (const commit of [provenance.introducedBy, provenance.removedBy])
        if (commit && undescribed.has(commit.sha)) named.push(commit);
    }
  const facts = await readCommits(root, [...shas, ...named.map((commit) => commit.sha)]);
  for (const commit of named) {
    const known = facts.get(commit.sha);
    if (!known) throw new Error(`commit ${commit.sha} could not be described`);
    commit.authorName = known.authorName;
    commit.authorEmail = known.authorEmail;
    commit.subject = known.subject;
  }
  return facts;
}
