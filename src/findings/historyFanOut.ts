import { fingerprintOf } from "./build.js";
import type { Finding } from "./types.js";
import type { RuleSet } from "../detect/ruleSet.js";
import { globMatcher } from "../rules/compileAllow.js";
import type { CompiledRule } from "../rules/types.js";
import { sniffedChunk } from "../text/byteChunk.js";
import type { HistoryBlob } from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import { copyCommit, type Chunk, type Provenance } from "../text/chunk.js";

/** Findings of one chunk, deduplicated: those to report and those suppressed (allow-list, inline marker). */
export interface DetectedFindings {
  findings: Finding[];
  suppressed: Finding[];
}

/** Runs the detector (and suppression marking) over one chunk. */
export type ChunkDetector = (chunk: Chunk) => Promise<DetectedFindings>;

/**
 * Runs the detector over one history blob and returns one finding per (secret, introduction).
 * The detector runs once per blob; only when the blob appears at paths that rules or allow-lists
 * treat differently (path globs) does it run once per distinct treatment. Findings are deduplicated
 * before they are copied to each introduction, so copies on the same path are all kept.
 * `headTree` maps HEAD's paths to blob ids.
 */
export async function historyBlobFindings(
  detect: ChunkDetector,
  blob: HistoryBlob,
  signatures: PathSignatures,
  headTree: ReadonlyMap<string, string>,
): Promise<DetectedFindings> {
  if (blob.introductions.length === 0) {
    return detect(
      sniffedChunk(blob.content, {
        type: "git-blob",
        path: blob.displayPath,
        blobId: blob.blobId,
        isUnreachable: true,
      }),
    );
  }
  const groups = new Map<string, Introduction[]>();
  const distinctPaths = new Set(blob.introductions.map((introduction) => introduction.path));
  for (const introduction of blob.introductions) {
    const key = distinctPaths.size === 1 ? "" : signatures.of(introduction.path);
    const group = groups.get(key);
    if (group) group.push(introduction);
    else groups.set(key, [introduction]);
  }
  const result: DetectedFindings = { findings: [], suppressed: [] };
  for (const group of groups.values()) {
    const first = group[0] as Introduction;
    const found = await detect(sniffedChunk(blob.content, { type: "git-blob", path: first.path, blobId: blob.blobId }));
    for (const introduction of group) {
      for (const finding of found.findings)
        result.findings.push(forIntroduction(finding, blob.blobId, introduction, headTree));
      for (const finding of found.suppressed)
        result.suppressed.push(forIntroduction(finding, blob.blobId, introduction, headTree));
    }
  }
  return result;
}

/**
 * A copy of `finding` placed at one introduction: its path, fingerprint and commit facts. When
 * HEAD (`path → blob`) still has the blob where this introduction put it (or renamed it to), that
 * is its `headPath` and it has not been removed, whatever another branch did.
 */
function forIntroduction(
  finding: Finding,
  blobId: string,
  introduction: Introduction,
  headTree: ReadonlyMap<string, string>,
): Finding {
  const headPath = [introduction.currentPath, introduction.path].find((path) => headTree.get(path) === blobId);
  const provenance: Provenance = {
    type: "git-blob",
    path: introduction.path,
    blobId,
    introducedBy: copyCommit(introduction.commit),
    firstCommittedAt: introduction.committedAt,
    ...(headPath !== undefined
      ? { headPath }
      : introduction.removedBy
        ? { removedBy: copyCommit(introduction.removedBy) }
        : {}),
  };
  return {
    ...finding,
    path: introduction.path,
    fingerprint: fingerprintOf(finding.ruleId, finding.secretHash, introduction.path),
    provenance,
  };
}

/**
 * Which rules apply to a path and which allow-lists drop it, as a short string: two paths with the
 * same signature get the same findings from the same text. Cached per path. A path that none of
 * the globs involved matches (most paths) gets the common signature after one combined test.
 */
export class PathSignatures {
  private readonly cache = new Map<string, string>();
  /** Only rules with path globs (their own or in their allow-list) can tell two paths apart. */
  private readonly pathRules: readonly CompiledRule[];
  /** True when any glob of those rules or of the global allow-list matches the path. */
  private readonly isAnyGlobMatched: (path: string) => boolean;
  /** The signature of a path no glob matches: rules with an include list skip it, nothing allows it. */
  private readonly unmatched: string;

  constructor(private readonly ruleSet: RuleSet) {
    this.pathRules = ruleSet.rules.filter(
      (rule) => rule.syntax.paths !== undefined || rule.syntax.allow?.paths !== undefined,
    );
    const globs = this.pathRules.flatMap((rule) => [
      ...(rule.syntax.paths?.include ?? []),
      ...(rule.syntax.paths?.exclude ?? []),
      ...(rule.syntax.allow?.paths ?? []),
    ]);
    this.isAnyGlobMatched = globMatcher([...globs, ...(ruleSet.allow.pathGlobs ?? [])]) ?? (() => false);
    this.unmatched = `-${this.pathRules.map((rule) => ((rule.syntax.paths?.include?.length ?? 0) > 0 ? "0" : "1")).join("")}`;
  }

  /** The signature of `path`. */
  of(path: string): string {
    let signature = this.cache.get(path);
    if (signature === undefined) {
      signature = this.isAnyGlobMatched(path) ? this.signatureOf(path) : this.unmatched;
      this.cache.set(path, signature);
    }
    return signature;
  }

  /** The signature rule by rule: `0` the rule skips the path, `2` its allow-list drops it, `1` it applies. */
  signatureOf(path: string): string {
    const perRule = this.pathRules.map((rule) =>
      !rule.appliesToPath(path) ? "0" : rule.allow.isPathAllowed(path) ? "2" : "1",
    );
    return `${this.ruleSet.allow.isPathAllowed(path) ? "A" : "-"}${perRule.join("")}`;
  }
}
