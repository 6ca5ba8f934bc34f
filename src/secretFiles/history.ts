import { fileRuleSelector, matchFileRules, needsContent, needsHead } from "../detect/fileRules.js";
import { KEYSTORE_HEAD_BYTES } from "../detect/keystore.js";
import { buildFileFinding, gitignoreLine } from "../findings/fileFinding.js";
import type { Finding } from "../findings/types.js";
import type { CompiledAllow, CompiledFileRule } from "../rules/types.js";
import type { HistoryIndex, Introduction } from "../sources/historyIndex.js";
import { exposedDaysSince, introductionProvenance } from "../sources/historyProvenance.js";
import { copyCommit, type Provenance } from "../text/chunk.js";
import { blobHeads, blobTexts } from "./common.js";

/** What the history file pass needs from the history scan. */
export interface HistoryFilePassOptions {
  root: string;
  /** The blob index the history source built from `git log` (every introduction of every blob). */
  index: HistoryIndex;
  /** HEAD's tree as path → blob id (empty without commits). */
  headTree: ReadonlyMap<string, string>;
  maxFileSize: number;
  /** The time `exposedDays` is measured to. */
  now: Date;
}

/**
 * The file pass of `secretscan history`: every path that was ever committed in the walked history
 * is judged by the file rules; rules with a content condition judge each blob committed at the path.
 * One finding per path (state `committed`), at the earliest introduction that the rules report —
 * even if a later commit deleted the file — with `presentAtHead`/`headPath` when HEAD still has the
 * path and otherwise the commit that last removed it. Binary blobs (keystores) need no content.
 */
export async function historyFileFindings(
  options: HistoryFilePassOptions,
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow,
): Promise<Finding[]> {
  if (rules.length === 0) return [];
  const candidates: Array<{ blobId: string; introduction: Introduction; selecting: CompiledFileRule[] }> = [];
  const byPath = new Map<string, Introduction[]>();
  const select = fileRuleSelector(rules, allow);
  const selectingByPath = new Map<string, CompiledFileRule[]>(); // one glob test per path, not per introduction
  for (const [blobId, introductions] of options.index.blobs) {
    for (const introduction of introductions) {
      let selecting = selectingByPath.get(introduction.path);
      if (!selecting) selectingByPath.set(introduction.path, (selecting = select(introduction.path)));
      if (selecting.length === 0) continue;
      candidates.push({ blobId, introduction, selecting });
      const onPath = byPath.get(introduction.path);
      if (onPath) onPath.push(introduction);
      else byPath.set(introduction.path, [introduction]);
    }
  }
  const texts = await blobTexts(
    options.root,
    candidates.filter((c) => needsContent(c.selecting)).map((c) => c.blobId),
    options.maxFileSize,
  );
  const heads = await blobHeads(
    options.root,
    candidates.filter((c) => needsHead(c.selecting)).map((c) => c.blobId),
    options.maxFileSize,
    KEYSTORE_HEAD_BYTES,
  );
  const earliest = new Map<string, { finding: Finding; committedAt: number }>();
  for (const { blobId, introduction, selecting } of candidates) {
    const raw = matchFileRules(
      selecting,
      { path: introduction.path, content: texts.get(blobId), head: heads.get(blobId) },
      allow,
    );
    const seen = earliest.get(introduction.path);
    const committedAt = Date.parse(introduction.committedAt);
    if (!raw || (seen && seen.committedAt <= committedAt)) continue;
    const provenance = committedProvenance(blobId, introduction, byPath.get(introduction.path) ?? [], options);
    const facts = {
      state: "committed" as const,
      gitignoreLine: gitignoreLine(introduction.path),
      commit: introduction.commit.sha.slice(0, 12),
    };
    earliest.set(introduction.path, { finding: buildFileFinding(raw, provenance, facts), committedAt });
  }
  return [...earliest.values()].map((entry) => entry.finding);
}

/**
 * Git provenance of a committed file: the introduction's own provenance (the one builder history
 * uses), with HEAD and removal judged by path rather than by blob, since a file rule flags the file
 * whatever version of it HEAD holds; and its exposure.
 */
function committedProvenance(
  blobId: string,
  introduction: Introduction,
  atPath: readonly Introduction[],
  options: HistoryFilePassOptions,
): Provenance {
  const { path, introducedBy, firstCommittedAt } = introductionProvenance(blobId, introduction, options.headTree);
  const isAtHead = options.headTree.has(introduction.path);
  const latest = [...atPath].sort((a, b) => Date.parse(b.committedAt) - Date.parse(a.committedAt))[0];
  const exposedDays = exposedDaysSince(introduction.committedAt, options.now);
  return {
    type: "git-blob",
    path,
    blobId,
    ...(introducedBy ? { introducedBy } : {}),
    ...(firstCommittedAt ? { firstCommittedAt } : {}),
    ...(Number.isFinite(exposedDays) ? { exposedDays } : {}),
    presentAtHead: isAtHead,
    ...(isAtHead
      ? { headPath: introduction.path }
      : latest?.removedBy
        ? { removedBy: copyCommit(latest.removedBy) }
        : {}),
  };
}
