import { git, spawnGit } from "./exec.js";

/** A blob and every path the history walk saw it at: where a ref's tip may hold it. */
export interface BlobPaths {
  blobId: string;
  paths: readonly string[];
}

/**
 * What `refsHoldingBlobs` found: per blob id and path, the refs whose tip holds that blob at that
 * path (each once, unsorted: read them with `refsHolding`); per ref, its tip commit.
 */
export interface HeldBlobs {
  refsAt: Map<string, Map<string, string[]>>;
  tipOf: Map<string, string>;
}

/** The refs (sorted, distinct) whose tip holds one of these blobs at one of the paths given with it. */
export function refsHolding(held: HeldBlobs, places: readonly BlobPaths[]): string[] {
  const refs = new Set<string>();
  for (const { blobId, paths } of places) {
    const byPath = held.refsAt.get(blobId);
    for (const path of paths) for (const ref of byPath?.get(path) ?? []) refs.add(ref);
  }
  return [...refs].sort();
}

/**
 * What `tip:path` names (a blob id, or "" for nothing), by tip, then path: a commit never changes,
 * so an answer holds for good and a later run can take it instead of asking git again. `added`
 * lists the answers git gave since these were created (tip, path, answer), in order: what a cache
 * has to keep. By tip, not by `tip:path` text: on gin.git (2,792 refs) a run built and hashed
 * 17k such strings to look its answers up.
 */
export interface TipAnswers {
  byTip: Map<string, Map<string, string>>;
  added: Array<[tip: string, path: string, answer: string]>;
}

/** No answers yet. */
export function noTipAnswers(): TipAnswers {
  return { byTip: new Map(), added: [] };
}

/** At most this many `tip:path` look-ups per scan; beyond it, refs are not named (the caller says so). */
const MAX_TIP_LOOKUPS = 500_000;

/**
 * For each blob and each path, the refs (branches, tags, remote-tracking branches, the stash) whose
 * tip commit holds that very blob at that path: where a secret is still live besides HEAD, and so
 * which refs someone must clean. One `git cat-file --batch-check` answers every `tip:path` pair not
 * in `answers` (which it adds); refs sharing a tip are asked about once. Returns undefined when
 * there would be more than `MAX_TIP_LOOKUPS` look-ups.
 */
export async function refsHoldingBlobs(
  root: string,
  blobs: readonly BlobPaths[],
  refs: readonly ListedRef[],
  answers: TipAnswers = noTipAnswers(),
): Promise<HeldBlobs | undefined> {
  const refsAt = new Map<string, Map<string, string[]>>();
  const tipOf = new Map<string, string>();
  if (blobs.length === 0) return { refsAt, tipOf };
  const refsByTip = refsByTipCommit(refs);
  // A path with a line break cannot be asked about on cat-file's line protocol; its refs stay unnamed.
  const paths = [...new Set(blobs.flatMap((b) => b.paths))].filter((path) => !/[\r\n]/.test(path));
  const tips = [...refsByTip.keys()];
  if (tips.length * paths.length > MAX_TIP_LOOKUPS) return undefined;
  const unknown: Array<[string, string]> = [];
  for (const tip of tips) {
    const known = answers.byTip.get(tip);
    for (const path of paths) if (!known?.has(path)) unknown.push([tip, path]);
  }
  const found = await batchCheck(
    root,
    unknown.map(([tip, path]) => `${tip}:${path}`),
  );
  for (const [index, [tip, path]] of unknown.entries()) {
    const answer = found[index] ?? "";
    let known = answers.byTip.get(tip);
    if (!known) answers.byTip.set(tip, (known = new Map()));
    known.set(path, answer);
    answers.added.push([tip, path, answer]);
  }
  const wanted = new Set(blobs.map((b) => b.blobId));
  for (const tip of tips) {
    const known = answers.byTip.get(tip);
    for (const path of paths) {
      const blobId = known?.get(path) ?? "";
      if (!wanted.has(blobId)) continue;
      let byPath = refsAt.get(blobId);
      if (!byPath) refsAt.set(blobId, (byPath = new Map()));
      let atPath = byPath.get(path);
      if (!atPath) byPath.set(path, (atPath = []));
      for (const ref of refsByTip.get(tip) ?? []) {
        atPath.push(ref);
        tipOf.set(ref, tip);
      }
    }
  }
  return { refsAt, tipOf };
}

/** One ref as `for-each-ref` lists it: the object it names and, for an annotated tag, what that peels to once. */
export interface ListedRef {
  ref: string;
  object: string;
  type: string;
  peeled: string;
  peeledType: string;
  /** The ref it points to, for a symbolic ref; "" otherwise. */
  symref: string;
}

/** Every ref of the repository, by name, from one `git for-each-ref` (what `refsHoldingBlobs` and `refCommitTips` read). */
export async function listRefs(root: string): Promise<ListedRef[]> {
  const { stdout } = await git(root, [
    "for-each-ref",
    "--format=%(objectname) %(*objectname) %(objecttype) %(*objecttype) %(symref) %(refname)",
  ]);
  const refs: ListedRef[] = [];
  for (const line of stdout.split("\n")) {
    const [object = "", peeled = "", type = "", peeledType = "", symref = "", ref] = line.split(" ");
    if (ref) refs.push({ ref, object, type, peeled, peeledType, symref });
  }
  return refs;
}

/** The commit a ref names, or its annotated tag peels to once; undefined for anything else (a tree, a blob). */
function tipCommit({ object, type, peeled, peeledType }: ListedRef): string | undefined {
  return type === "commit" ? object : peeledType === "commit" ? peeled : undefined;
}

/** Every ref, grouped by the commit its tip peels to (annotated tags included, symbolic refs left out). */
function refsByTipCommit(refs: readonly ListedRef[]): Map<string, string[]> {
  const byTip = new Map<string, string[]>();
  for (const listed of refs) {
    const { symref, ref } = listed;
    if (symref) continue;
    const tip = tipCommit(listed);
    if (!tip) continue;
    byTip.set(tip, [...(byTip.get(tip) ?? []), ref]);
  }
  return byTip;
}

/** The object id each `rev:path` names, in order; empty for a path the revision lacks. */
async function batchCheck(root: string, lines: readonly string[]): Promise<string[]> {
  if (lines.length === 0) return [];
  const child = spawnGit(root, ["cat-file", "--batch-check=%(objectname)"]);
  const chunks: Buffer[] = [];
  child.process.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.process.stdin.end(lines.map((line) => `${line}\n`).join(""));
  const code = await child.exited;
  if (code !== 0) throw new Error(`git cat-file --batch-check exited ${code}: ${child.stderr()}`);
  return Buffer.concat(chunks)
    .toString("utf8")
    .split("\n")
    .slice(0, lines.length)
    .map((answer) => (/^[0-9a-f]{40,64}$/.test(answer) ? answer : ""));
}

/** A ref and the commit its tip peels to. */
export interface RefTip {
  ref: string;
  tip: string;
}

/**
 * The refs `git for-each-ref --contains` considers, in its order (by name), each with the commit it
 * peels to: symbolic refs under their own name, annotated tags peeled; refs to other objects and
 * the stash left out. Undefined when a tag points at a tag (peeled more than once by git, so
 * left to git).
 */
export function refCommitTips(refs: readonly ListedRef[]): RefTip[] | undefined {
  const tips: RefTip[] = [];
  for (const listed of refs) {
    const { ref } = listed;
    if (ref === "refs/stash") continue;
    if (listed.peeledType === "tag") return undefined;
    const tip = tipCommit(listed);
    if (tip) tips.push({ ref, tip });
  }
  return tips;
}

/** At most this many commits are asked which refs contain them; past it, pushed-or-not is left unknown. */
export const MAX_CONTAINS_QUERIES = 200;
/** How many of those questions run at once. */
const CONTAINS_AT_ONCE = 4;

/**
 * For each commit, the refs whose history contains it (`git for-each-ref --contains`): a secret a
 * remote-tracking ref reaches has been pushed, whatever the branches hold now. Undefined when there
 * are more than `MAX_CONTAINS_QUERIES` commits to ask about.
 */
export async function refsContainingCommits(
  root: string,
  commits: readonly string[],
): Promise<Map<string, string[]> | undefined> {
  const distinct = [...new Set(commits)];
  if (distinct.length > MAX_CONTAINS_QUERIES) return undefined;
  const containing = new Map<string, string[]>();
  // A few git children at a time: up to 200 commits must not mean 200 processes at once.
  for (let at = 0; at < distinct.length; at += CONTAINS_AT_ONCE) {
    const answers = await Promise.all(
      distinct.slice(at, at + CONTAINS_AT_ONCE).map(async (sha) => {
        const { stdout } = await git(root, ["for-each-ref", "--format=%(refname)", `--contains=${sha}`]);
        return [sha, stdout.split("\n").filter((ref) => ref !== "" && ref !== "refs/stash")] as const;
      }),
    );
    for (const [sha, refs] of answers) containing.set(sha, refs);
  }
  return containing;
}
