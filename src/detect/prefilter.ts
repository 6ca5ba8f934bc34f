import type { CompiledRule } from "../rules/types.js";
import { isAsciiKeyword, KeywordAutomaton } from "./ahoCorasick.js";

/**
 * The keyword prefilter: one pass of a case-insensitive Aho-Corasick automaton over the chunk finds
 * every keyword that occurs, so only rules whose keywords occur run their regexes. Rules without
 * keywords always run; the rare non-ASCII keyword is checked with a lower-cased substring search.
 */
export class KeywordPrefilter {
  private readonly automaton: KeywordAutomaton;
  private readonly rulesByAsciiKeyword: number[][] = [];
  private readonly rulesByOtherKeyword = new Map<string, number[]>();
  private readonly alwaysRun: number[] = [];

  constructor(rules: readonly CompiledRule[]) {
    const asciiIndex = new Map<string, number>();
    rules.forEach((rule, index) => {
      if (rule.keywords.length === 0) this.alwaysRun.push(index);
      for (const keyword of rule.keywords) {
        if (!isAsciiKeyword(keyword)) {
          this.rulesByOtherKeyword.set(keyword, [...(this.rulesByOtherKeyword.get(keyword) ?? []), index]);
          continue;
        }
        if (!asciiIndex.has(keyword)) {
          asciiIndex.set(keyword, this.rulesByAsciiKeyword.length);
          this.rulesByAsciiKeyword.push([]);
        }
        this.rulesByAsciiKeyword[asciiIndex.get(keyword) as number]?.push(index);
      }
    });
    this.automaton = new KeywordAutomaton([...asciiIndex.keys()]);
  }

  /** Indices (ascending) of the rules that may match `text`. */
  candidates(text: string): number[] {
    return this.select(this.automaton.matches(text), () => text);
  }

  /**
   * The same as `candidates` for the text `utf8` decodes to, read from the bytes: faster, and the
   * text is asked for only when a rule has a non-ASCII keyword.
   */
  candidatesUtf8(utf8: Uint8Array, text: () => string): number[] {
    return this.select(this.automaton.matchesUtf8(utf8), text);
  }

  private select(asciiKeywords: Set<number>, text: () => string): number[] {
    const selected = new Set<number>(this.alwaysRun);
    for (const keywordIndex of asciiKeywords) {
      for (const rule of this.rulesByAsciiKeyword[keywordIndex] as number[]) selected.add(rule);
    }
    if (this.rulesByOtherKeyword.size > 0) {
      const lower = text().toLowerCase();
      for (const [keyword, rules] of this.rulesByOtherKeyword) if (lower.includes(keyword)) for (const rule of rules) selected.add(rule);
    }
    return [...selected].sort((a, b) => a - b);
  }
}
