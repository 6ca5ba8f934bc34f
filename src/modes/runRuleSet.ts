import type { RunConfig } from "../config/loadRunConfig.js";
import { createRuleSet, type RuleSet } from "../detect/ruleSet.js";

/**
 * The rule set of a run, from its config. Patterns a user supplied mark it, so matching on the
 * calling thread (`staged`, `--threads 0`) runs under the same time limit as a detector thread.
 */
export function runRuleSet(config: RunConfig): RuleSet {
  return { ...createRuleSet(config.rules, config.allow), hasUserPatterns: config.hasUserPatterns };
}
