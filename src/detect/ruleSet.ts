import { anchorsOf, readAnchorCache } from "../rules/anchorCache.js";
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
  /**
   * True when a user supplied any pattern (a custom rule, an allow regex): matching on the calling
   * thread then runs under a time limit too (see `inlineScanner`). Default false.
   */
  hasUserPatterns?: boolean;
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
 * `regexAnchor`, or the build's cache of it: see `anchorCache.ts`), an anchored rule's regex is
 * tried only near its anchor literals (see `anchoredRuleSet`). Detector threads always use them;
 * the inline scanner only past its first MiB, so a pre-commit hook's few files are spared the
 * larger keyword automaton.
 */
export function createRuleSet(
  rules: readonly CompiledRule[],
  allow: CompiledAllow = EMPTY_ALLOW,
  options: { anchors?: ReadonlyArray<RegexAnchor | undefined> } = {},
): RuleSet {
  const anchors = options.anchors;
  if (!anchors) return { rules, prefilter: new KeywordPrefilter(rules), allow };
  const windowed = rules.map((rule, index) => {
    const anchor = anchors[index];
    return anchor && windowedRegex(rule, anchor);
  });
  return { rules, prefilter: new KeywordPrefilter(rules, anchors), allow, windowed };
}

/**
 * The same rule set with regex anchors: the built-in rules' from the build's cache, the analysis
 * (and its regex parser) loaded only for patterns the cache lacks.
 */
export async function anchoredRuleSet(
  rules: readonly CompiledRule[],
  allow: CompiledAllow,
  keepAllowed = false,
): Promise<RuleSet> {
  const anchors = await anchorsOf(
    rules.map((rule) => rule.syntax.pattern),
    readAnchorCache(),
    async () => (await import("../rules/anchors.js")).regexAnchor,
  );
  return { ...createRuleSet(rules, allow, { anchors }), keepAllowed };
}
