import { isBuiltinRule } from "../config/builtinRules.js";
import type { LocatedRule } from "../config/ruleFile.js";
import { createRuleSet } from "../detect/ruleSet.js";
import { scanChunk } from "../detect/scanChunk.js";
import { EXAMPLE_TIMED_OUT, matchExample } from "./exampleBudget.js";
import type { Problem } from "../problems.js";
import { checkFileRule } from "./checkFileRules.js";
import { compileRule } from "../rules/compile.js";
import { regexSafetyProblem } from "../rules/redos.js";
import type { CompiledRule } from "../rules/types.js";

/** Minimum examples a rule must carry, so every rule is demonstrably right and demonstrably narrow. */
const MIN_EXAMPLES = 2;
const MIN_NEGATIVE_EXAMPLES = 1;

/** Characters a secret may not start (or, but for base64 padding "=", end) with: a sign the secret group caught its surroundings. */
const FRAME = /^[\s"'`=:,;]|[\s"'`:,;]$/;

/**
 * Runs one rule's examples (each must yield a finding whose secret is a clean token containing no
 * quote or separator at its ends) and negative examples (must yield none), and checks that every
 * example contains a keyword, and rejects patterns a static ReDoS analysis finds exponential.
 * Path filters are not applied: examples are texts, not files. File rules (`kind: config-file`) are
 * checked by `checkFileRule`.
 */
function checkRule(located: LocatedRule): Problem[] {
  const at = (path: Array<string | number>, message: string): Problem => ({
    file: located.source.file,
    ...located.source.locate(["rules", located.index, ...path]),
    ruleId: located.syntax.id,
    message,
  });
  const syntax = located.syntax;
  if (syntax.kind === "config-file") return checkFileRule({ ...located, syntax }, at);
  const outcome = compileRule(syntax);
  if (!outcome.ok) return outcome.errors.map((error) => at(error.path, error.message));
  const rule: CompiledRule = { ...outcome.rule, appliesToPath: () => true };
  const { examples = [], negativeExamples = [] } = located.syntax;
  const problems: Problem[] = [];
  const isBuiltin = isBuiltinRule(located);
  const unsafe = regexSafetyProblem(rule.regex.source, rule.regex.flags, isBuiltin);
  if (unsafe) problems.push(at(["pattern"], unsafe));
  if (examples.length < MIN_EXAMPLES)
    problems.push(at(["examples"], `needs at least ${MIN_EXAMPLES} examples (has ${examples.length})`));
  if (negativeExamples.length < MIN_NEGATIVE_EXAMPLES)
    problems.push(at(["negativeExamples"], `needs at least ${MIN_NEGATIVE_EXAMPLES} negative example`));
  // After one example overruns its budget the rule is known to be catastrophic: the rest are skipped.
  let isTimedOut = false;
  examples.forEach((text, index) => {
    if (isTimedOut) return;
    const problem = checkExample(rule, text, isBuiltin);
    isTimedOut = problem === EXAMPLE_TIMED_OUT;
    if (problem) problems.push(at(["examples", index], `example ${index + 1} ${problem}`));
  });
  negativeExamples.forEach((text, index) => {
    if (isTimedOut) return;
    const found = findSecrets(rule, text, isBuiltin);
    isTimedOut = found === undefined;
    if (found === undefined)
      problems.push(at(["negativeExamples", index], `negative example ${index + 1} ${EXAMPLE_TIMED_OUT}`));
    else if (found.length > 0)
      problems.push(
        at(
          ["negativeExamples", index],
          `negative example ${index + 1} matched (${found.length} finding${found.length > 1 ? "s" : ""})`,
        ),
      );
  });
  return problems;
}

function checkExample(rule: CompiledRule, text: string, isBuiltin: boolean): string | undefined {
  if (rule.keywords.length > 0 && !rule.keywords.some((keyword) => text.toLowerCase().includes(keyword))) {
    return "contains none of the rule's keywords";
  }
  const secrets = findSecrets(rule, text, isBuiltin);
  if (secrets === undefined) return EXAMPLE_TIMED_OUT;
  if (secrets.length === 0) return "did not match (after entropy, checksum, allow-list and placeholder filters)";
  if (secrets.some((secret) => FRAME.test(secret)))
    return "matched, but the secret group includes surrounding quotes, separators or spaces";
  return undefined;
}

/** The secrets the rule finds in `text`; undefined when matching overran its budget. */
function findSecrets(rule: CompiledRule, text: string, isBuiltin: boolean): string[] | undefined {
  const ruleSet = createRuleSet([rule]);
  const chunk = { text, provenance: { type: "stdin" as const, path: "example" }, startLine: 1 };
  return matchExample(() => scanChunk(ruleSet, chunk).map((raw) => raw.secret), isBuiltin);
}

/** Checks a whole rule set: every rule's examples plus unique ids across files. */
export function checkRules(rules: readonly LocatedRule[]): Problem[] {
  const seen = new Map<string, LocatedRule>();
  const problems: Problem[] = [];
  for (const located of rules) {
    const previous = seen.get(located.syntax.id);
    if (previous) {
      problems.push({
        file: located.source.file,
        ...located.source.locate(["rules", located.index, "id"]),
        ruleId: located.syntax.id,
        message: `duplicate id (also in ${previous.source.file})`,
      });
    }
    seen.set(located.syntax.id, located);
    problems.push(...checkRule(located));
  }
  return problems;
}
