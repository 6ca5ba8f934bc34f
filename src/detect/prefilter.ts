import type { RegexAnchor } from "../rules/anchors.js";
import type { CompiledRule } from "../rules/types.js";
import { isAsciiKeyword, KeywordAutomaton, type TrackedStarts } from "./ahoCorasick.js";
import type { TextOffsets } from "./utf16Offsets.js";

/** The rules that may match a chunk and, for anchored rules, where their matches may start. */
export interface Candidates {
  /** Indices (ascending) of the rules that may match. */
  rules: number[];
  /**
   * Sorted offsets where an anchor literal of rule `index` starts (see `RegexAnchor`); undefined
   * when not known (the rule has no anchor, or the scan could not record positions).
   */
  anchorStarts(index: number): ArrayLike<number> | undefined;
}

/**
 * The keyword prefilter: one pass of a case-insensitive Aho-Corasick automaton over the chunk finds
 * every keyword that occurs, so only rules whose keywords occur run their regexes. Rules without
 * keywords always run; the rare non-ASCII keyword is checked with a lower-cased substring search.
 * Given the rules' anchors, the same pass over a chunk's bytes also records where anchor literals
 * occur, so an anchored rule's regex is tried only there.
 */
export class KeywordPrefilter {
  private readonly automaton: KeywordAutomaton;
  private readonly rulesByAsciiKeyword: number[][] = [];
  private readonly rulesByOtherKeyword = new Map<string, number[]>();
  private readonly alwaysRun: number[] = [];
  /** Per anchored rule, the distinct tracked ids (see `KeywordAutomaton.scanUtf8`) of its anchor literals. */
  private readonly anchorIds: Array<number[] | undefined>;
  /**
   * Per rule whose anchor is spelt exactly (see `RegexAnchor.exact`; not for rules that ignore
   * case), for each of its `anchorIds`, the spellings of that literal a match may hold.
   */
  private readonly exactSpellings: Array<string[][] | undefined>;

  constructor(rules: readonly CompiledRule[], anchors: ReadonlyArray<RegexAnchor | undefined> = []) {
    const asciiIndex = new Map<string, number>();
    const indexOf = (keyword: string): number => {
      if (!asciiIndex.has(keyword)) {
        asciiIndex.set(keyword, this.rulesByAsciiKeyword.length);
        this.rulesByAsciiKeyword.push([]);
      }
      return asciiIndex.get(keyword) as number;
    };
    rules.forEach((rule, index) => {
      if (rule.keywords.length === 0) this.alwaysRun.push(index);
      for (const keyword of rule.keywords) {
        if (isAsciiKeyword(keyword)) this.rulesByAsciiKeyword[indexOf(keyword)]?.push(index);
        else this.rulesByOtherKeyword.set(keyword, [...(this.rulesByOtherKeyword.get(keyword) ?? []), index]);
      }
    });
    const anchorLiterals = rules.map((_, index) => anchors[index]?.literals.map(indexOf) ?? []);
    this.automaton = new KeywordAutomaton([...asciiIndex.keys()], { tracked: new Set(anchorLiterals.flat()) });
    const ids = this.automaton.trackedIds;
    this.anchorIds = anchorLiterals.map((literals) => {
      if (literals.length === 0 || literals.some((literal) => (ids[literal] as number) < 0)) return undefined;
      return [...new Set(literals.map((literal) => ids[literal] as number))];
    });
    this.exactSpellings = rules.map((rule, index) => {
      const exact = anchors[index]?.exact;
      const ruleIds = this.anchorIds[index];
      if (!exact || !ruleIds || rule.syntax.ignoreCase) return undefined;
      const spellings = ruleIds.map((): string[] => []);
      for (const spelling of exact)
        spellings[ruleIds.indexOf(ids[indexOf(spelling.toLowerCase())] as number)]?.push(spelling);
      return spellings;
    });
  }

  /** Indices (ascending) of the rules that may match `text`. */
  candidates(text: string): number[] {
    return this.select(this.automaton.matches(text), () => text);
  }

  /**
   * Candidates read from the bytes (the text is asked for only when a rule has a non-ASCII
   * keyword). Anchor positions are found as byte offsets and offered mapped by `toText` (see
   * `textOffsets`); not offered when it is undefined.
   */
  scanUtf8(utf8: Uint8Array, text: () => string, toText: TextOffsets | undefined): Candidates {
    const scan = this.automaton.scanUtf8(utf8);
    const ends = toText && scan.ends;
    if (ends) toText(ends.offsets);
    let tracked: TrackedStarts | undefined;
    return {
      rules: this.select(scan.keywords, text),
      anchorStarts: (index) => {
        const ids = this.anchorIds[index];
        if (!ends || !ids) return undefined;
        tracked ??= this.automaton.trackedStarts(ends);
        return startsOf(tracked, ids, this.exactSpellings[index], text);
      },
    };
  }

  private select(asciiKeywords: Set<number>, text: () => string): number[] {
    const selected = new Set<number>(this.alwaysRun);
    for (const keywordIndex of asciiKeywords) {
      for (const rule of this.rulesByAsciiKeyword[keywordIndex] as number[]) selected.add(rule);
    }
    if (this.rulesByOtherKeyword.size > 0) {
      const lower = text().toLowerCase();
      for (const [keyword, rules] of this.rulesByOtherKeyword)
        if (lower.includes(keyword)) for (const rule of rules) selected.add(rule);
    }
    return [...selected].sort((a, b) => a - b);
  }
}

/** What `startsOf` gives when no literal occurs: nothing to allocate. */
const NO_STARTS = new Int32Array(0);

/**
 * The distinct starts, ascending, of the literals with these tracked ids; with `spellings` (for
 * each id, see `RegexAnchor.exact`), only where one of them is spelt as the pattern spells it (the
 * automaton ignores case: `AC` followed by a hex digit, say, not every `ace` of `replace`). A
 * chunk holds few of a rule's literals, so those it lacks cost no array; several literals' starts
 * are merged in a typed array, sorted natively (a comparator sort of plain arrays was 1.3 s of
 * redis/redis's history audit, for rules whose literals are common words).
 */
function startsOf(
  tracked: TrackedStarts,
  ids: readonly number[],
  spellings: readonly string[][] | undefined,
  text: () => string,
): ArrayLike<number> {
  let total = 0;
  let occurring = 0;
  let only = 0;
  for (const id of ids) {
    const count = tracked.count(id);
    if (count === 0) continue;
    total += count;
    occurring++;
    only = id;
  }
  if (total === 0) return NO_STARTS;
  if (occurring === 1 && !spellings) return tracked.of(only);
  const all = new Int32Array(total);
  let at = 0;
  ids.forEach((id, k) => {
    if (tracked.count(id) === 0) return;
    const starts = tracked.of(id);
    const spelt = spellings?.[k];
    if (!spelt) {
      all.set(starts, at);
      at += starts.length;
      return;
    }
    const source = text();
    for (const start of starts) if (spelt.some((spelling) => source.startsWith(spelling, start))) all[at++] = start;
  });
  return occurring > 1 ? sortedDistinct(all.subarray(0, at)) : all.subarray(0, at);
}

/** `starts` sorted in place, each once. */
function sortedDistinct(starts: Int32Array): Int32Array {
  starts.sort();
  let distinct = 0;
  for (let i = 0; i < starts.length; i++)
    if (i === 0 || starts[i] !== starts[i - 1]) starts[distinct++] = starts[i] as number;
  return starts.subarray(0, distinct);
}
