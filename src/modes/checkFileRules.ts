import type { Problem } from "../problems.js";
import { isBuiltinRule } from "../config/builtinRules.js";
import type { LocatedRule } from "../config/ruleFile.js";
import { conditionHolds } from "../detect/fileRules.js";
import { compileFileRule } from "../rules/compile.js";
import { regexSafetyProblem } from "../rules/redos.js";
import { EXAMPLE_TIMED_OUT, matchExample } from "./exampleBudget.js";
import type { FileRuleSyntax } from "../rules/types.js";

/** Paths a file rule must carry: at least two it selects and one it does not. */
const MIN_EXAMPLE_PATHS = 2;
const MIN_NEGATIVE_EXAMPLE_PATHS = 1;

/** Builds a problem at a key path inside the located rule. */
type At = (path: Array<string | number>, message: string) => Problem;

/**
 * `rules test` for a file rule (`kind: config-file`): every `examplePaths` entry must be selected
 * by its globs and every `negativeExamplePaths` entry must not. With a content condition (`pattern`),
 * every `examples` text must satisfy it and every `negativeExamples` text must not, judged at the
 * first example path (so path-dependent allow-lists apply as in a scan); without one, content
 * examples are a mistake (the name alone decides) and are reported.
 */
export function checkFileRule(located: LocatedRule & { syntax: FileRuleSyntax }, at: At): Problem[] {
  const outcome = compileFileRule(located.syntax);
  if (!outcome.ok) return outcome.errors.map((error) => at(error.path, error.message));
  const rule = outcome.rule;
  const { examplePaths = [], negativeExamplePaths = [], examples = [], negativeExamples = [] } = located.syntax;
  const problems: Problem[] = [];
  if (examplePaths.length < MIN_EXAMPLE_PATHS)
    problems.push(
      at(["examplePaths"], `needs at least ${MIN_EXAMPLE_PATHS} example paths (has ${examplePaths.length})`),
    );
  if (negativeExamplePaths.length < MIN_NEGATIVE_EXAMPLE_PATHS)
    problems.push(at(["negativeExamplePaths"], `needs at least ${MIN_NEGATIVE_EXAMPLE_PATHS} negative example path`));
  examplePaths.forEach((path, index) => {
    if (!rule.selectsPath(path))
      problems.push(
        at(["examplePaths", index], `example path ${index + 1} ("${path}") is not selected by paths.include/exclude`),
      );
  });
  negativeExamplePaths.forEach((path, index) => {
    if (rule.selectsPath(path))
      problems.push(
        at(
          ["negativeExamplePaths", index],
          `negative example path ${index + 1} ("${path}") is selected by paths.include/exclude`,
        ),
      );
  });
  if (!rule.condition) {
    if (examples.length > 0)
      problems.push(at(["examples"], "content examples need a pattern (without one the file name alone decides)"));
    if (negativeExamples.length > 0)
      problems.push(
        at(["negativeExamples"], "content negative examples need a pattern (without one the file name alone decides)"),
      );
    return problems;
  }
  const isBuiltin = isBuiltinRule(located);
  const unsafe = regexSafetyProblem(rule.condition.regex.source, rule.condition.regex.flags, isBuiltin);
  if (unsafe) problems.push(at(["pattern"], unsafe));
  if (examples.length < 1)
    problems.push(at(["examples"], "a rule with a content condition needs at least 1 example content"));
  if (negativeExamples.length < 1)
    problems.push(
      at(["negativeExamples"], "a rule with a content condition needs at least 1 negative example content"),
    );
  const path = examplePaths[0] ?? "example";
  const keywords = rule.condition.keywords;
  const holds = (text: string) => matchExample(() => conditionHolds(rule, text, path), isBuiltin);
  examples.forEach((text, index) => {
    if (keywords.length > 0 && !keywords.some((keyword) => text.toLowerCase().includes(keyword))) {
      problems.push(at(["examples", index], `example ${index + 1} contains none of the rule's keywords`));
      return;
    }
    const verdict = holds(text);
    if (verdict === undefined) problems.push(at(["examples", index], `example ${index + 1} ${EXAMPLE_TIMED_OUT}`));
    else if (!verdict) {
      problems.push(
        at(
          ["examples", index],
          `example ${index + 1} does not satisfy the content condition (after entropy, allow-list and placeholder filters)`,
        ),
      );
    }
  });
  negativeExamples.forEach((text, index) => {
    const verdict = holds(text);
    if (verdict === undefined)
      problems.push(at(["negativeExamples", index], `negative example ${index + 1} ${EXAMPLE_TIMED_OUT}`));
    else if (verdict)
      problems.push(at(["negativeExamples", index], `negative example ${index + 1} satisfies the content condition`));
  });
  return problems;
}
