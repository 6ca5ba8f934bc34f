import type { Finding } from "../findings/types.js";
import { readCommits, type CommitFacts } from "../git/commitInfo.js";
import type { LastHeld, LastHeldBasis, Provenance } from "../text/chunk.js";

type GitProvenance = Extract<Provenance, { type: "git-blob" }>;

/** What the last-held judgement needs to know of the repository, read once per scan. */
interface Known {
  head: string | undefined;
  tipOf: ReadonlyMap<string, string>;
  /** The facts of HEAD, the tips named and the removing commits' first parents. */
  facts: ReadonlyMap<string, CommitFacts>;
  /** A removing commit's first parent: the last commit on that line that still held what it removed. */
  parentOf: ReadonlyMap<string, string>;
}

/** Where `markLastHeld` learns about commits: what the walk knows, and one read of their facts. */
export interface LastHeldSources {
  /** A walked commit's parents (first parent first); undefined for a commit it does not know. */
  parentsOf?: (sha: string) => readonly string[] | undefined;
  /** Reads commit facts in one `git log --no-walk` (history describes the commits it named in that same read). */
  readFacts: (shas: readonly string[]) => Promise<ReadonlyMap<string, CommitFacts>>;
}

/**
 * Sets `lastHeld` on history findings (after `markRefs`): HEAD's commit where HEAD holds the blob
 * at its path, else the newest tip of the refs that hold it, else the first parent of the commit
 * that removed it; left unset when none is known. One `git log --no-walk` for the facts of every
 * commit named, and one before it for the removing commits' parents the walk does not know.
 */
export async function markLastHeld(
  root: string,
  findings: readonly Finding[],
  head: string | undefined,
  tipOf: ReadonlyMap<string, string>,
  sources: LastHeldSources,
): Promise<void> {
  const provenances = findings.flatMap((f) =>
    f.provenance.type === "git-blob" && !f.provenance.isUnreachable ? [f.provenance] : [],
  );
  const removals = provenances.flatMap((p) =>
    p.headPath === undefined && !p.refs?.length && p.removedBy ? [p.removedBy.sha] : [],
  );
  const parentOf = new Map<string, string>();
  const unknown: string[] = [];
  for (const sha of removals) {
    const parents = sources.parentsOf?.(sha);
    if (parents === undefined) unknown.push(sha);
    else if (parents[0] !== undefined) parentOf.set(sha, parents[0]);
  }
  for (const [sha, facts] of await readCommits(root, unknown))
    if (facts.parents[0] !== undefined) parentOf.set(sha, facts.parents[0]);
  const named = [
    ...(head !== undefined && provenances.some((p) => p.headPath !== undefined) ? [head] : []),
    ...provenances.flatMap((p) =>
      (p.headPath === undefined ? (p.refs ?? []) : []).flatMap((ref) => tipOf.get(ref) ?? []),
    ),
    ...parentOf.values(),
  ];
  const facts = await sources.readFacts(named);
  const known: Known = { head, tipOf, facts, parentOf };
  for (const provenance of provenances) {
    const last = lastHeldOf(provenance, known);
    if (last) provenance.lastHeld = last;
  }
}

function lastHeldOf(provenance: GitProvenance, known: Known): LastHeld | undefined {
  if (provenance.headPath !== undefined) {
    const facts = known.head !== undefined ? known.facts.get(known.head) : undefined;
    return facts ? held(facts, "head") : undefined;
  }
  if (provenance.refs?.length) return newestTip(provenance.refs, known);
  const parent = provenance.removedBy ? known.parentOf.get(provenance.removedBy.sha) : undefined;
  const facts = parent !== undefined ? known.facts.get(parent) : undefined;
  return facts ? held(facts, "removal-parent") : undefined;
}

/** A commit's public facts (no parents) as the last holder, on `basis`. */
function held(facts: CommitFacts, basis: LastHeldBasis): LastHeld {
  const { sha, authorName, authorEmail, date, subject } = facts;
  return { sha, authorName, authorEmail, date, subject, basis };
}

/** The newest tip (author date, then sha) among the refs' tips, with the refs that point at it. */
function newestTip(refs: readonly string[], known: Known): LastHeld | undefined {
  const tips = refs.flatMap((ref) => {
    const facts = known.facts.get(known.tipOf.get(ref) ?? "");
    return facts ? [{ ref, facts }] : [];
  });
  const newest = tips.reduce<(typeof tips)[number] | undefined>(
    (best, tip) => (!best || isNewer(tip.facts, best.facts) ? tip : best),
    undefined,
  );
  if (!newest) return undefined;
  const atTip = tips.filter((tip) => tip.facts.sha === newest.facts.sha).map((tip) => tip.ref);
  return { ...held(newest.facts, "ref-tip"), refs: atTip.sort() };
}

function isNewer(a: { date: string; sha: string }, b: { date: string; sha: string }): boolean {
  const byDate = Date.parse(a.date) - Date.parse(b.date);
  return byDate !== 0 ? byDate > 0 : a.sha > b.sha;
}
