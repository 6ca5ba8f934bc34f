import { allowHit } from "./allow.js";
import { shannonEntropy } from "./entropy.js";
import { lineAround, rejectionOf, secretSpan, type Rejection } from "./matchText.js";
import type { RuleSet } from "./ruleSet.js";

/** Why one rule did not report anything in a text. */
export interface RuleMiss {
  ruleId: string;
  /**
   * `path`: the rule does not apply to the file; `no-match`: its regex matched nothing; `passes`: a
   * match passed every filter (so another stage, such as dedupe, dropped it); else the filter that
   * dropped its last match.
   */
  reason: "path" | "no-match" | "passes" | Rejection | "global-allow";
}

/**
 * Explains an empty result, for accuracy measurement: which rules the keyword prefilter chose for
 * `text`, and for each, why it reported nothing (its path globs, no regex match, or the first filter
 * that dropped its matches). Runs every candidate rule's plain regex over the whole text, so it is
 * slow and looks only at the text itself, not at decoded base64 or escapes. Pure.
 */
export function explainText(ruleSet: RuleSet, text: string, path: string): RuleMiss[] {
  return [...ruleSet.prefilter.candidates(text)].map((index) => {
    const rule = ruleSet.rules[index];
    if (!rule) throw new Error(`no rule at index ${index}`);
    return { ruleId: rule.id, reason: rule.appliesToPath(path) ? missReason(ruleSet, index, text, path) : "path" };
  });
}

function missReason(ruleSet: RuleSet, index: number, text: string, path: string): RuleMiss["reason"] {
  const rule = ruleSet.rules[index];
  if (!rule) throw new Error(`no rule at index ${index}`);
  const regex = new RegExp(rule.regex.source, rule.regex.flags);
  let reason: RuleMiss["reason"] = "no-match";
  for (const match of text.matchAll(regex)) {
    const span = secretSpan(rule, match, 0);
    if (!span || span[1] <= span[0]) continue;
    const secret = text.slice(span[0], span[1]);
    const line = lineAround(text, span[0]);
    const candidate = { rule, start: span[0], end: span[1], secret, entropy: shannonEntropy(secret) };
    const rejection = rejectionOf(candidate, text, match[0], line, path);
    if (rejection) reason = rejection;
    else if (allowHit(ruleSet.allow, { secret, match: match[0], line, path })) reason = "global-allow";
    else return "passes";
  }
  return reason;
}
