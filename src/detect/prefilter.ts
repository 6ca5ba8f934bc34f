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
        return startsOf(tracked, ids);
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

/**
 * The distinct starts, ascending, of the literals with these tracked ids. Several literals' starts
 * are merged in a typed array, sorted natively: a comparator sort of plain arrays was 1.3 s of
 * redis/redis's history audit, for rules whose literals are common words.
 */
function startsOf(tracked: TrackedStarts, ids: readonly number[]): ArrayLike<number> {
  if (ids.length === 1) return tracked.of(ids[0] as number);
  const lists = ids.map((id) => tracked.of(id));
  let count = 0;
  for (const starts of lists) count += starts.length;
  const all = new Int32Array(count);
  let at = 0;
  for (const starts of lists) {
    all.set(starts, at);
    at += starts.length;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i] as number;
  return all.subarray(0, distinct);
}
