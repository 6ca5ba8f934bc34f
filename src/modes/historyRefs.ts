import type { Finding } from "../findings/types.js";
import { refsContainingCommits, refsHoldingBlobs } from "../git/refTips.js";
import type { Hint } from "../problems.js";

/**
 * Sets `refs` on every history finding: the refs whose tip still holds its blob at its path, so a
 * secret that lives only on a feature branch is reported there, not as removed. Returns a hint when
 * the repository has too many refs and paths to ask about them all (refs are then left unnamed).
 * Then sets `reachableFrom` (see `markReachable`), which says whether a secret was ever pushed.
 */
export async function markRefs(root: string, findings: readonly Finding[]): Promise<Hint[]> {
  const blobs = findings.flatMap((f) =>
    f.provenance.type === "git-blob" && !f.provenance.isUnreachable
      ? [{ path: f.provenance.path, blobId: f.provenance.blobId }]
      : [],
  );
  const held = await refsHoldingBlobs(root, blobs);
  if (!held)
    return [
      {
        code: "refs-not-named",
        message:
          "too many refs and paths to tell which refs still hold each secret; states other than at-head may read removed",
      },
    ];
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob") continue;
    const refs = held.get(`${provenance.path}\u0000${provenance.blobId}`);
    if (refs?.length) provenance.refs = refs;
  }
  return markReachable(root, findings);
}

/** Sets `reachableFrom` on history findings: the refs whose history holds the introducing commit. */
async function markReachable(root: string, findings: readonly Finding[]): Promise<Hint[]> {
  const commits = findings.flatMap((f) =>
    f.provenance.type === "git-blob" && f.provenance.introducedBy ? [f.provenance.introducedBy.sha] : [],
  );
  const containing = await refsContainingCommits(root, commits);
  if (!containing)
    return [
      {
        code: "pushed-not-known",
        message: "too many commits introduce secrets to tell for each which refs (and so which remotes) reach it",
      },
    ];
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob" || !provenance.introducedBy) continue;
    const refs = containing.get(provenance.introducedBy.sha);
    if (refs?.length) provenance.reachableFrom = refs;
  }
  return [];
}
