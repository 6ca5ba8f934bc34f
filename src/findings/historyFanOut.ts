import type { RuleSet } from "../detect/ruleSet.js";
import { globMatcher } from "../rules/globs.js";
import type { CompiledRule } from "../rules/types.js";
import { sniffedChunk } from "../text/byteChunk.js";
import type { HistoryBlob, HistoryItem } from "../sources/history.js";
import type { Introduction } from "../sources/historyIndex.js";
import { introductionProvenance, unreachableProvenance } from "../sources/historyProvenance.js";
import type { SourceItem } from "../sources/types.js";
import type { Provenance } from "../text/chunk.js";
import type { DeltaPlanner } from "./deltaPlanner.js";

/**
 * History as a source of chunks: each blob becomes one chunk placed at every introduction, so the
 * detector runs once per blob and the findings pipeline copies each finding to every place the
 * blob was committed. Only when the blob appears at paths that rules or allow-lists treat
 * differently (path globs) is it read once per distinct treatment, each reading placed at its own
 * introductions. An unreachable blob is one chunk at its display path. `headTree` maps HEAD's
 * paths to blob ids. With a `planner`, a blob read as one chunk of UTF-8 text that modifies an
 * earlier blob is marked for a delta scan (only what it changes is read again).
 */
export async function* historyChunks(
  items: AsyncIterable<HistoryItem>,
  signatures: PathSignatures,
  headTree: ReadonlyMap<string, string>,
  planner?: DeltaPlanner,
): AsyncGenerator<SourceItem> {
  for await (const item of items) {
    if (item.type === "diagnostic") yield item;
    else yield* blobChunks(item.blob, signatures, headTree, planner);
  }
}

function blobChunks(
  blob: HistoryBlob,
  signatures: PathSignatures,
  headTree: ReadonlyMap<string, string>,
  planner: DeltaPlanner | undefined,
): SourceItem[] {
  const { blobId, content } = blob;
  if (blob.introductions.length === 0) {
    const provenance = unreachableProvenance(blobId, blob.displayPath);
    if (!content) return [{ type: "known-clean", provenance, bytes: blob.bytes }];
    return [{ type: "chunk", chunk: sniffedChunk(content, provenance) }];
  }
  if (!content) return knownCleanItems(blob, signatures);
  const groups = treatmentGroups(blob.introductions, signatures);
  const path = (blob.introductions[0] as Introduction).path;
  const role = planner?.roleOf(
    blobId,
    path,
    groups.length === 1 && content?.kind === "utf-8" ? content.body : undefined,
  );
  return groups.map((group, index): SourceItem => {
    const first = group[0] as Introduction;
    const provenance: Provenance = { type: "git-blob", path: first.path, blobId };
    const placed = {
      placements: group.map((introduction) => introductionProvenance(blobId, introduction, headTree)),
      ...(index > 0 ? { isRescan: true } : {}),
    };
    return {
      type: "chunk",
      chunk: sniffedChunk(content, provenance),
      ...placed,
      ...(role?.delta ? { delta: role.delta } : {}),
      ...(role?.isBase ? { deltaBaseId: blobId } : {}),
    };
  });
}

/**
 * A blob the history cache vouches for, one item per treatment group as if it were read (see
 * `blobChunks`). Nothing reads its placements but their paths (no finding can come of it), so
 * they carry no commit: building every introduction's provenance cost more than all else a known
 * blob costs.
 */
function knownCleanItems(blob: HistoryBlob, signatures: PathSignatures): SourceItem[] {
  const { blobId } = blob;
  return treatmentGroups(blob.introductions, signatures).map((group, index): SourceItem => {
    const paths = new Set(group.map((introduction) => introduction.path));
    return {
      type: "known-clean",
      provenance: { type: "git-blob", path: (group[0] as Introduction).path, blobId },
      bytes: blob.bytes,
      placements: [...paths].map((path): Provenance => ({ type: "git-blob", path, blobId })),
      ...(index > 0 ? { isRescan: true } : {}),
    };
  });
}

/**
 * A blob's introductions grouped by how rules and allow-lists treat their paths: the detector
 * reads the blob once per group, at the group's first path.
 */
function treatmentGroups(introductions: readonly Introduction[], signatures: PathSignatures): Introduction[][] {
  if (introductions.length === 1) return [[...introductions]];
  const groups = new Map<string, Introduction[]>();
  const distinctPaths = new Set(introductions.map((introduction) => introduction.path));
  for (const introduction of introductions) {
    const key = distinctPaths.size === 1 ? "" : signatures.of(introduction.path);
    const group = groups.get(key);
    if (group) group.push(introduction);
    else groups.set(key, [introduction]);
  }
  return [...groups.values()];
}

/** How long `PathSignatures.warm` works before letting the event loop run, and waits when it has caught up. */
const WARM_SLICE_MS = 2;
const WARM_WAIT_MS = 10;

/**
 * Which rules apply to a path and which allow-lists drop it, as a short string: two paths with the
 * same signature get the same findings from the same text. Cached per path. A path that none of
 * the globs involved matches (most paths) gets the common signature after one combined test.
 * Rules that share their glob lists (most generic rules share one exclude list) are tested once
 * per path for all of them: on history with 23k paths that matched, that was 46 tests a path.
 */
export class PathSignatures {
  private readonly cache = new Map<string, string>();
  private remembered: ReadonlyMap<string, string> = new Map();
  /** Only rules with path globs (their own or in their allow-list) can tell two paths apart. */
  private readonly pathRules: readonly CompiledRule[];
  /** One rule per distinct set of glob lists: its answer stands for every rule with the same lists. */
  private readonly treatments: readonly CompiledRule[];
  /** For each of `pathRules`, the index of its treatment. */
  private readonly treatmentOf: readonly number[];
  /** True when any glob of those rules or of the global allow-list matches the path. */
  private readonly isAnyGlobMatched: (path: string) => boolean;
  /** The signature of a path no glob matches: rules with an include list skip it, nothing allows it. */
  private readonly unmatched: string;

  constructor(private readonly ruleSet: RuleSet) {
    this.pathRules = ruleSet.rules.filter(
      (rule) => rule.syntax.paths !== undefined || rule.syntax.allow?.paths !== undefined,
    );
    const indexByLists = new Map<string, number>();
    const treatments: CompiledRule[] = [];
    this.treatmentOf = this.pathRules.map((rule) => {
      const lists = JSON.stringify([rule.syntax.paths?.include, rule.syntax.paths?.exclude, rule.syntax.allow?.paths]);
      let index = indexByLists.get(lists);
      if (index === undefined) indexByLists.set(lists, (index = treatments.push(rule) - 1));
      return index;
    });
    this.treatments = treatments;
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
      signature = this.remembered.get(path) ?? (this.isAnyGlobMatched(path) ? this.signatureOf(path) : this.unmatched);
      this.cache.set(path, signature);
    }
    return signature;
  }

  /**
   * Takes the signatures an earlier run worked out under the same rules (the history cache keeps
   * them): testing a path against every glob costs far more than looking it up.
   */
  remember(signatures: ReadonlyMap<string, string>): void {
    this.remembered = signatures;
  }

  /**
   * Works out the signatures of `paths` (a list that grows) until `until` settles, a slice of
   * `WARM_SLICE_MS` at a time, so what the event loop has to do (reading git log) comes first.
   * History calls it while its walk runs: the reading thread mostly waits for git then, and a
   * repository whose files were copied or moved around can have tens of thousands of paths to
   * test against every glob, which otherwise happens once detector threads and git compete for
   * every CPU.
   */
  async warm(paths: readonly string[], until: Promise<unknown>): Promise<void> {
    let isSettled = false;
    const settled = () => {
      isSettled = true;
    };
    until.then(settled, settled);
    for (let next = 0; !isSettled; ) {
      const sliceEnd = performance.now() + WARM_SLICE_MS;
      while (next < paths.length && performance.now() < sliceEnd) this.of(paths[next++] as string);
      const isCaughtUp = next >= paths.length;
      await new Promise((resolve) => (isCaughtUp ? setTimeout(resolve, WARM_WAIT_MS) : setImmediate(resolve)));
    }
  }

  /** Every path asked about so far, with its signature. */
  known(): ReadonlyMap<string, string> {
    return this.cache;
  }

  /** The signature rule by rule: `0` the rule skips the path, `2` its allow-list drops it, `1` it applies. */
  signatureOf(path: string): string {
    const answers = this.treatments.map((rule) =>
      !rule.appliesToPath(path) ? "0" : rule.allow.isPathAllowed(path) ? "2" : "1",
    );
    const perRule = this.treatmentOf.map((index) => answers[index]);
    return `${this.ruleSet.allow.isPathAllowed(path) ? "A" : "-"}${perRule.join("")}`;
  }
}
