import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { matchText } from "../../src/detect/matchText.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import type { CompiledRule } from "../../src/rules/types.js";

/**
 * Every built-in rule against adversarial input: long runs of the characters its pattern and
 * keywords use, keywords repeated back to back, separators and quotes that invite backtracking.
 * The bound is generous (a loaded CI machine) but far below what catastrophic backtracking takes.
 */
const BUDGET_MS = 400;
const LENGTH = 20_000;

const rules = resolveRules(loadBuiltinRules(BUILTIN_RULES_DIR, false).rules, undefined).rules;

function alphabetOf(rule: CompiledRule): string[] {
  const literal = rule.syntax.pattern.replace(/\\[dws]/g, "a0 ").replace(/[\\()[\]{}?*+|^$]/g, "");
  return [
    ...new Set([
      ...literal,
      ...rule.keywords.join(""),
      "=",
      ":",
      '"',
      "'",
      " ",
      "\n",
      "a",
      "A",
      "0",
      "/",
      "+",
      "-",
      "_",
      ".",
    ]),
  ];
}

function adversarialInputs(rule: CompiledRule): string[] {
  const keyword = rule.keywords[0] ?? "";
  const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / Math.max(unit.length, 1))).slice(0, LENGTH);
  const fixed = ["a", "A", "0", "=", " ", "a=", "-a", "_A0", `${keyword}`, `${keyword}=`, `${keyword}: "`].map(
    (unit) => `${keyword} ${fill(unit)}`,
  );
  const random = fc
    .sample(fc.array(fc.constantFrom(...alphabetOf(rule)), { minLength: LENGTH, maxLength: LENGTH }), {
      numRuns: 3,
      seed: 42,
    })
    .map((chars) => `${keyword}${chars.join("")}`);
  return [...fixed, ...random];
}

describe("built-in rules under adversarial input", () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))("%s matches in bounded time", (_id, rule) => {
    const ruleSet = createRuleSet([rule]);
    for (const input of adversarialInputs(rule)) {
      const started = performance.now();
      matchText(ruleSet, input, "fuzz.txt");
      expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    }
  });
});
