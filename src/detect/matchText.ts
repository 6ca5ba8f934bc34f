import type { CompiledRule } from "../rules/types.js";
import { allowHit, isAllowed, type AllowHit } from "./allow.js";
import { CHECKSUM_CONTEXT } from "../rules/checksums.js";
import { shannonEntropy } from "./entropy.js";
import { isKnownExample } from "./knownExamples.js";
import { isPlaceholder } from "../rules/placeholders.js";
import type { Candidates } from "./prefilter.js";
import type { RuleSet } from "./ruleSet.js";
import { windowedMatches } from "./windowed.js";

/** A rule match that passed every filter. Offsets index the text that was matched. */
export interface TextMatch {
  rule: CompiledRule;
  start: number;
  end: number;
  secret: string;
  entropy: number;
  /** The global allow entry covering the match; only present when the rule set keeps allowed matches. */
  allowedBy?: AllowHit;
}

/**
 * Runs the prefilter's candidate rules over `text` (given, when the caller has them from the
 * text's bytes, with anchor positions) and keeps matches that pass the entropy floor, checksum,
 * placeholder filter, known documentation examples and allow-lists. Pure.
 */
export function matchText(ruleSet: RuleSet, text: string, path: string, candidates?: Candidates): TextMatch[] {
  const found: TextMatch[] = [];
  for (const index of candidates?.rules ?? ruleSet.prefilter.candidates(text)) {
    const rule = ruleSet.rules[index] as CompiledRule;
    if (!rule.appliesToPath(path)) continue;
    const windowed = ruleSet.windowed?.[index];
    const starts = windowed && candidates?.anchorStarts(index);
    if (windowed && starts) {
      for (const match of windowedMatches(windowed, text, starts)) consider(ruleSet, rule, text, path, match, 1, found);
      continue;
    }
    const regex = rule.regex;
    regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = regex.exec(text)) !== null) {
      if (match[0].length === 0) regex.lastIndex++;
      consider(ruleSet, rule, text, path, match, 0, found);
    }
  }
  return found;
}

/** Adds one regex match to `found` if it passes; the rule's match is group `whole` of `match`. */
function consider(
  ruleSet: RuleSet,
  rule: CompiledRule,
  text: string,
  path: string,
  match: RegExpExecArray,
  whole: number,
  found: TextMatch[],
): void {
  const span = secretSpan(rule, match, whole);
  if (!span || span[1] <= span[0]) return;
  const secret = text.slice(span[0], span[1]);
  const matched = match[whole] as string;
  const candidate = { rule, start: span[0], end: span[1], secret, entropy: shannonEntropy(secret) };
  const line = lineAround(text, span[0]);
  if (rejectionOf(candidate, text, matched, line, path)) return;
  const allowedBy = allowHit(ruleSet.allow, { secret, match: matched, line, path });
  if (!allowedBy) found.push(candidate);
  else if (ruleSet.keepAllowed) found.push({ ...candidate, allowedBy });
}

/** The secret's offsets; numbered groups count from `whole` (1 when the rule's pattern is wrapped in a group). */
export function secretSpan(rule: CompiledRule, match: RegExpExecArray, whole: number): [number, number] | undefined {
  const indices = match.indices;
  if (!indices) return undefined;
  return typeof rule.secretGroup === "string" ? indices.groups?.[rule.secretGroup] : indices[rule.secretGroup + whole];
}

/** The line of `text` holding `offset` (any line ending). */
export function lineAround(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return text.slice(start, end);
}

/** Which of a rule's own filters drops a match; the global allow-list is applied by the caller. */
export type Rejection = "entropy" | "checksum" | "placeholder" | "known-example" | "rule-allow";

/**
 * The first of the rule's own filters that drops a candidate, or undefined when it passes them all;
 * the global allow-list is applied by the caller (see `allowedBy`). Named, not boolean, so a miss
 * can be explained (see `explainText`).
 */
export function rejectionOf(
  candidate: TextMatch,
  text: string,
  match: string,
  line: string,
  path: string,
): Rejection | undefined {
  const { rule, secret, start } = candidate;
  if (rule.entropy !== undefined && candidate.entropy < rule.entropy) return "entropy";
  if (rule.checksum && !rule.checksum(secret, text.slice(Math.max(0, start - CHECKSUM_CONTEXT), start)))
    return "checksum";
  if (isPlaceholder(secret)) return "placeholder";
  if (isKnownExample(secret)) return "known-example";
  return isAllowed(rule.allow, { secret, match, line, path }) ? "rule-allow" : undefined;
}
