import type { CompiledRule } from "../rules/types.js";
import { dedupeFindings } from "./dedupe.js";
import { pairFindings, type PairSpec } from "./pairs.js";
import type { Finding } from "./types.js";

/** Default distance, in lines, between an identifier and the secret it pairs with. */
const DEFAULT_PAIR_LINES = 5;

/** The pairing declared by each identifier rule (`pairsWith`), keyed by rule id. */
function pairSpecsOf(rules: readonly CompiledRule[]): Map<string, PairSpec> {
  const specs = new Map<string, PairSpec>();
  for (const rule of rules) {
    const pairsWith = rule.syntax.pairsWith;
    if (pairsWith) specs.set(rule.id, { rules: pairsWith.rules, maxLines: pairsWith.maxLines ?? DEFAULT_PAIR_LINES });
  }
  return specs;
}

/** Every scan mode's last step on a chunk's raw findings: one finding per secret occurrence, identifier pairs merged. */
export function finalizeFindings(findings: readonly Finding[], rules: readonly CompiledRule[]): Finding[] {
  if (findings.length === 0) return [];
  let specs = SPECS_BY_RULES.get(rules);
  if (!specs) SPECS_BY_RULES.set(rules, (specs = pairSpecsOf(rules)));
  return pairFindings(dedupeFindings(findings), specs);
}

/** Pair specs per rule list: history finalizes every blob's findings with the same rules. */
const SPECS_BY_RULES = new WeakMap<readonly CompiledRule[], Map<string, PairSpec>>();
