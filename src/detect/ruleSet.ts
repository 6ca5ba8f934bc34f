import type { RegexAnchor } from "../rules/anchors.js";
import type { CompiledAllow, CompiledRule } from "../rules/types.js";
import { KeywordPrefilter } from "./prefilter.js";
import { windowedRegex, type WindowedRegex } from "./windowed.js";

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
  /** Per rule, its windowed regex when the set was built with `anchors` and the rule has one. */
  windowed?: ReadonlyArray<WindowedRegex | undefined>;
}

/** An allow-list that allows nothing. */
export const EMPTY_ALLOW: CompiledAllow = {
  secrets: [],
  matches: [],
  lines: [],
  stopwords: [],
  isPathAllowed: () => false,
};

/**
 * Builds the per-run rule set; call once, reuse for every chunk. With `anchors` (per rule, from
 * `regexAnchor`), an anchored rule's regex is tried only near its anchor literals: worth the cost
 * of working them out (loading a regex parser, parsing every pattern: tens of milliseconds) on
 * detector threads, not for a pre-commit hook's single file.
 */
export function createRuleSet(rules: readonly CompiledRule[], allow: CompiledAllow = EMPTY_ALLOW, options: { anchors?: ReadonlyArray<RegexAnchor | undefined> } = {}): RuleSet {
  const anchors = options.anchors;
  if (!anchors) return { rules, prefilter: new KeywordPrefilter(rules), allow };
  const windowed = rules.map((rule, index) => {
    const anchor = anchors[index];
    return anchor && windowedRegex(rule, anchor);
  });
  return { rules, prefilter: new KeywordPrefilter(rules, anchors), allow, windowed };
}
