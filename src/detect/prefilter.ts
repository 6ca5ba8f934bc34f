import type { RegexAnchor } from "../rules/anchors.js";
import type { CompiledRule } from "../rules/types.js";
import { isAsciiKeyword, KeywordAutomaton, TRACKED_SLOTS } from "./ahoCorasick.js";
import { utf16Offsets } from "./windowed.js";

/** The rules that may match a chunk and, for anchored rules, where their matches may start. */
export interface Candidates {
  /** Indices (ascending) of the rules that may match. */
  rules: number[];
  /**
   * Sorted offsets where an anchor literal of rule `index` starts (see `RegexAnchor`); undefined
   * when not known (the rule has no anchor, or the scan could not record positions).
   */
  anchorStarts(index: number): number[] | undefined;
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
  /** Per anchored rule, 1 for the tracked ids (see `KeywordAutomaton.scanUtf8`) of its anchor literals. */
  private readonly anchorMasks: Array<Uint8Array | undefined>;

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
    this.anchorMasks = anchorLiterals.map((literals) => {
      if (literals.length === 0 || literals.some((literal) => (ids[literal] as number) < 0)) return undefined;
      const mask = new Uint8Array(TRACKED_SLOTS);
      for (const literal of literals) mask[ids[literal] as number] = 1;
      return mask;
    });
  }

  /** Indices (ascending) of the rules that may match `text`. */
  candidates(text: string): number[] {
    return this.select(this.automaton.matches(text), () => text);
  }

  /**
   * Candidates read from the bytes (the text is asked for only when a rule has a non-ASCII
   * keyword). Anchor positions are byte offsets: used as they are when `offsets` is "ascii" (one
   * byte per code unit), converted when "utf-8" (valid, no BOM), not offered when undefined.
   */
  scanUtf8(utf8: Uint8Array, text: () => string, offsets: "ascii" | "utf-8" | undefined): Candidates {
    const scan = this.automaton.scanUtf8(utf8);
    const found = offsets && scan.occurrences ? unpack(scan.occurrences) : undefined;
    if (found && offsets === "utf-8") utf16Offsets(utf8, found.starts);
    return {
      rules: this.select(scan.keywords, text),
      anchorStarts: (index) => (found ? startsFor(found, this.anchorMasks[index]) : undefined),
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

/** Occurrences of anchor literals, ascending by start. */
interface Occurrences {
  starts: Int32Array;
  ids: Uint16Array;
}

function unpack(packed: Float64Array): Occurrences {
  const starts = new Int32Array(packed.length);
  const ids = new Uint16Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const value = packed[i] as number;
    starts[i] = Math.floor(value / TRACKED_SLOTS);
    ids[i] = value % TRACKED_SLOTS;
  }
  return { starts, ids };
}

/** The distinct starts of the literals `mask` selects; undefined for a rule without an anchor. */
function startsFor(found: Occurrences, mask: Uint8Array | undefined): number[] | undefined {
  if (!mask) return undefined;
  const starts: number[] = [];
  for (let i = 0; i < found.starts.length; i++) {
    const start = found.starts[i] as number;
    if (mask[found.ids[i] as number] === 1 && start !== starts[starts.length - 1]) starts.push(start);
  }
  return starts;
}
