import type { CompiledAllow, CompiledRule } from "../rules/types.js";
import { KeywordPrefilter } from "./prefilter.js";

/** Everything the detector needs for a run: the compiled rules, their prefilter and global allow-lists. */
export interface RuleSet {
  rules: readonly CompiledRule[];
  prefilter: KeywordPrefilter;
  allow: CompiledAllow;
  /**
   * Keep matches the global `allow` covers, marked with `allowedBy`, instead of dropping them, so a
   * run can count which allow entries were used and show what they suppressed. Default false.
   */
  keepAllowed?: boolean;
}

/** An allow-list that allows nothing. */
export const EMPTY_ALLOW: CompiledAllow = {
  secrets: [],
  matches: [],
  lines: [],
  stopwords: [],
  isPathAllowed: () => false,
};

/** Builds the per-run rule set; call once, reuse for every chunk. */
export function createRuleSet(rules: readonly CompiledRule[], allow: CompiledAllow = EMPTY_ALLOW): RuleSet {
  return { rules, prefilter: new KeywordPrefilter(rules), allow };
}
