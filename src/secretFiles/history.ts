import { fileRuleSelector, matchFileRules, needsContent, needsHead, type RawFileFinding } from "../detect/fileRules.js";
import { KEYSTORE_HEAD_BYTES } from "../detect/keystore.js";
import { buildFileFinding, gitignoreLine } from "../findings/fileFinding.js";
import type { Finding } from "../findings/types.js";
import type { CompiledAllow, CompiledFileRule } from "../rules/types.js";
import type { HistoryIndex, Introduction } from "../sources/historyIndex.js";
import { exposedDaysSince, introductionProvenance } from "../sources/historyProvenance.js";
import { copyCommit, type CommitInfo, type Provenance } from "../text/chunk.js";
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

/** What the history file pass found: one finding per path, and the versions of the file behind each. */
export interface HistoryFileFindings {
  findings: Finding[];
  /**
   * Per finding, the blob ids of every version of its file that the rules flag: a ref whose tip
   * holds one of them there still holds the file (see `markRefs`).
   */
  versionsOf: ReadonlyMap<Finding, readonly string[]>;
}

/** One committed version of a path that a file rule flags. */
interface FlaggedVersion {
  blobId: string;
  introduction: Introduction;
  raw: RawFileFinding;
}

/**
 * The file pass of `secretscan history`: every path that was ever committed in the walked history
 * is judged by the file rules; rules with a content condition judge each blob committed at the path.
 * One finding per path (state `committed`), at the earliest introduction that the rules report —
 * even if a later commit deleted the file. Its HEAD and removal are those of the flagged versions
 * (see `committedProvenance`). Binary blobs (keystores) need no content.
 */
export async function historyFileFindings(
  options: HistoryFilePassOptions,
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow,
): Promise<HistoryFileFindings> {
  const findings: Finding[] = [];
  const versionsOf = new Map<Finding, string[]>();
  if (rules.length === 0) return { findings, versionsOf };
  for (const versions of (await flaggedVersions(options, rules, allow)).values()) {
    const earliest = versions.reduce((first, version) =>
      Date.parse(version.introduction.committedAt) < Date.parse(first.introduction.committedAt) ? version : first,
    );
    const facts = {
      state: "committed" as const,
      gitignoreLine: gitignoreLine(earliest.introduction.path),
      commit: earliest.introduction.commit.sha.slice(0, 12),
    };
    const finding = buildFileFinding(earliest.raw, committedProvenance(earliest, versions, options), facts);
    findings.push(finding);
    versionsOf.set(finding, [...new Set(versions.map((version) => version.blobId))]);
  }
  return { findings, versionsOf };
}

/** Every introduction the file rules report, by path, in index order. */
async function flaggedVersions(
  options: HistoryFilePassOptions,
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow,
): Promise<Map<string, FlaggedVersion[]>> {
  const candidates: Array<{ blobId: string; introduction: Introduction; selecting: CompiledFileRule[] }> = [];
  const select = fileRuleSelector(rules, allow);
  const selectingByPath = new Map<string, CompiledFileRule[]>(); // one glob test per path, not per introduction
  for (const [blobId, introductions] of options.index.blobs) {
    for (const introduction of introductions) {
      let selecting = selectingByPath.get(introduction.path);
      if (!selecting) selectingByPath.set(introduction.path, (selecting = select(introduction.path)));
      if (selecting.length > 0) candidates.push({ blobId, introduction, selecting });
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
  const byPath = new Map<string, FlaggedVersion[]>();
  for (const { blobId, introduction, selecting } of candidates) {
    const { path } = introduction;
    const raw = matchFileRules(selecting, { path, content: texts.get(blobId), head: heads.get(blobId) }, allow);
    if (!raw) continue;
    const onPath = byPath.get(path);
    if (onPath) onPath.push({ blobId, introduction, raw });
    else byPath.set(path, [{ blobId, introduction, raw }]);
  }
  return byPath;
}

/**
 * Git provenance of a committed file: the earliest flagged introduction's own provenance (the one
 * builder history uses) and its exposure, with HEAD and removal judged over every flagged version,
 * as for a secret in many blobs: at HEAD when HEAD holds one of them at the path (or where it was
 * renamed to), else removed by the latest commit that changed one away. A version the rules do not
 * flag (a `.env` left with placeholders) does not keep the file at HEAD.
 */
function committedProvenance(
  earliest: FlaggedVersion,
  versions: readonly FlaggedVersion[],
  options: HistoryFilePassOptions,
): Provenance {
  const { path, introducedBy, firstCommittedAt } = introductionProvenance(
    earliest.blobId,
    earliest.introduction,
    options.headTree,
  );
  const headPath = headPathOf(versions, options.headTree);
  const removedBy = headPath === undefined ? lastRemoval(versions) : undefined;
  const exposedDays = exposedDaysSince(earliest.introduction.committedAt, options.now);
  return {
    type: "git-blob",
    path,
    blobId: earliest.blobId,
    ...(introducedBy ? { introducedBy } : {}),
    ...(firstCommittedAt ? { firstCommittedAt } : {}),
    ...(Number.isFinite(exposedDays) ? { exposedDays } : {}),
    presentAtHead: headPath !== undefined,
    ...(headPath !== undefined ? { headPath } : removedBy ? { removedBy: copyCommit(removedBy) } : {}),
  };
}

/** Where HEAD holds a flagged version: at the file's own path first, else where one was renamed to. */
function headPathOf(versions: readonly FlaggedVersion[], headTree: ReadonlyMap<string, string>): string | undefined {
  const isAtHead = (version: FlaggedVersion, path: string) => headTree.get(path) === version.blobId;
  const atPath = versions.find((version) => isAtHead(version, version.introduction.path));
  if (atPath) return atPath.introduction.path;
  return versions.find((version) => isAtHead(version, version.introduction.currentPath))?.introduction.currentPath;
}

/** The latest commit (by date; the later version on a tie) that changed a flagged version away. */
function lastRemoval(versions: readonly FlaggedVersion[]): CommitInfo | undefined {
  return versions.reduce<CommitInfo | undefined>((latest, { introduction: { removedBy } }) => {
    if (!removedBy) return latest;
    return !latest || Date.parse(removedBy.date) >= Date.parse(latest.date) ? removedBy : latest;
  }, undefined);
}
