import type { Finding } from "../findings/types.js";
import {
  type BlobPaths,
  listRefs,
  type ListedRef,
  MAX_CONTAINS_QUERIES,
  refCommitTips,
  refsContainingCommits,
  refsHolding,
  refsHoldingBlobs,
  type TipAnswers,
} from "../git/refTips.js";
import type { Hint } from "../problems.js";
import type { CommitGraph } from "../sources/commitGraph.js";
import type { HistoryIndex } from "../sources/historyIndex.js";

/** What `markRefs` leaves for the next steps: its hints, and the tip commit of every ref it named. */
export interface MarkedRefs {
  hints: Hint[];
  tipOf: ReadonlyMap<string, string>;
}

/**
 * Sets `refs` on every history finding: the refs whose tip still holds its blob at any path the walk
 * saw that blob at (`index`: committed there, or renamed there unchanged on any branch), so a secret
 * that lives only on a feature branch is reported there, not as removed. A committed config file
 * (`fileVersions`: its finding → the blob ids of every version the file rules flag) is held by the
 * refs whose tip holds one of those versions at its path or where that version was renamed to. One
 * look-up answers both kinds. Hints when the repository has too many refs and paths to ask about
 * them all (refs are then left unnamed). Then sets `reachableFrom` (see `markReachable`), which says
 * whether a secret was ever pushed, from `graph` when the walk covered every ref.
 */
export async function markRefs(
  root: string,
  findings: readonly Finding[],
  index: HistoryIndex,
  fileVersions: ReadonlyMap<Finding, readonly string[]> = new Map(),
  graph?: CommitGraph,
  listed?: Promise<ListedRef[]>,
  answers?: TipAnswers,
): Promise<MarkedRefs> {
  const refs = await (listed ?? listRefs(root));
  const placesOf = new Map<Finding, BlobPaths[]>();
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob" || provenance.isUnreachable) continue;
    const versions = fileVersions.get(finding);
    placesOf.set(
      finding,
      versions
        ? versions.map((blobId) => ({ blobId, paths: [finding.path, ...(index.renamedTo.get(blobId) ?? [])] }))
        : [{ blobId: provenance.blobId, paths: knownPaths(index, provenance.blobId) }],
    );
  }
  const held = await refsHoldingBlobs(root, [...placesOf.values()].flat(), refs, answers);
  const hints: Hint[] = [];
  if (!held)
    hints.push({
      code: "refs-not-named",
      message:
        "too many refs and paths to tell which refs still hold each secret; states other than at-head may read removed",
    });
  for (const [finding, places] of placesOf) {
    const holding = held ? refsHolding(held, places) : [];
    if (holding.length > 0 && finding.provenance.type === "git-blob") finding.provenance.refs = holding;
  }
  return { hints: [...hints, ...(await markReachable(root, findings, refs, graph))], tipOf: held?.tipOf ?? new Map() };
}

/** Every path the walk saw a blob at: where it was committed, and where it was renamed to unchanged. */
function knownPaths(index: HistoryIndex, blobId: string): string[] {
  const paths = new Set((index.blobs.get(blobId) ?? []).map((introduction) => introduction.path));
  for (const path of index.renamedTo.get(blobId) ?? []) paths.add(path);
  return [...paths];
}

/** Sets `reachableFrom` on history findings: the refs whose history holds the introducing commit. */
async function markReachable(
  root: string,
  findings: readonly Finding[],
  refs: readonly ListedRef[],
  graph?: CommitGraph,
): Promise<Hint[]> {
  const commits = findings.flatMap((f) =>
    f.provenance.type === "git-blob" && f.provenance.introducedBy ? [f.provenance.introducedBy.sha] : [],
  );
  const containing =
    (graph && containingFromGraph(commits, refs, graph)) ?? (await refsContainingCommits(root, commits));
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

/**
 * `refsContainingCommits` answered from the walk's commit graph and the refs listed once, instead of
 * one `for-each-ref --contains` per commit (up to 200 git processes, each walking history). Undefined,
 * so git is asked after all (which also keeps its limit), when there are more commits than that
 * limit, when a commit or a ref's tip is not in the graph (a ref moved since the walk), or when git
 * would peel a ref differently.
 */
function containingFromGraph(
  commits: readonly string[],
  refs: readonly ListedRef[],
  graph: CommitGraph,
): Map<string, string[]> | undefined {
  if (new Set(commits).size > MAX_CONTAINS_QUERIES || !commits.every((sha) => graph.has(sha))) return undefined;
  const tips = refCommitTips(refs);
  if (!tips?.every(({ tip }) => graph.has(tip))) return undefined;
  return graph.refsContaining(commits, tips);
}
