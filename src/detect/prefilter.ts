import type { CompiledRule } from "../rules/types.js";

/**
 * The keyword prefilter: one lower-casing of the chunk, then one substring search per distinct
 * keyword, so only rules whose keywords occur run their regexes. Rules without keywords always run.
 */
export class KeywordPrefilter {
  private readonly rulesByKeyword = new Map<string, number[]>();
  private readonly alwaysRun: number[] = [];

  constructor(rules: readonly CompiledRule[]) {
    rules.forEach((rule, index) => {
      if (rule.keywords.length === 0) {
        this.alwaysRun.push(index);
        return;
      }
      for (const keyword of rule.keywords) {
        const list = this.rulesByKeyword.get(keyword) ?? [];
        list.push(index);
        this.rulesByKeyword.set(keyword, list);
      }
    });
  }

  /** Indices (ascending) of the rules that may match `text`. */
  candidates(text: string): number[] {
    const lower = text.toLowerCase();
    const selected = new Set<number>(this.alwaysRun);
    for (const [keyword, indices] of this.rulesByKeyword) {
      if (lower.includes(keyword)) for (const index of indices) selected.add(index);
    }
    return [...selected].sort((a, b) => a - b);
  }
}
