import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/ruleFile.js";
import { formatProblem } from "../../src/problems.js";
import { checkRules } from "../../src/modes/checkRules.js";
import { githubToken } from "../helpers/tokens.js";

function check(ruleYaml: string): string[] {
  const parsed = parseConfigText(`rules:\n${ruleYaml}`, "r.yaml");
  expect(parsed.problems).toEqual([]);
  return checkRules(parsed.content?.rules ?? []).map(formatProblem);
}

const rule = (pattern: string, examples: string[], negatives: string[], id = "t-rule") => `  - id: ${id}
    name: T
    description: D
    kind: token
    severity: high
    keywords: [ghp_]
    pattern: '${pattern}'
    examples: ${JSON.stringify(examples)}
    negativeExamples: ${JSON.stringify(negatives)}
`;

describe("rules test", () => {
  const token = githubToken(31);

  it("passes a rule whose examples match and negatives do not", () => {
    expect(check(rule("(?<secret>ghp_[A-Za-z0-9]{36})", [`a ${token}`, `b="${token}"`], ["ghp_short"]))).toEqual([]);
  });

  it("reports an example that does not match, a negative that does, and a secret group that caught quotes", () => {
    const problems = check(rule('(?<secret>"?ghp_[A-Za-z0-9]{36})', [`x "${token}`, "ghp_nope"], [`n ${token}`]));
    expect(problems).toEqual([
      expect.stringMatching(
        /^r\.yaml:9:16: rule t-rule: example 1 matched, but the secret group includes surrounding quotes/,
      ),
      expect.stringMatching(/^r\.yaml:9:\d+: rule t-rule: example 2 did not match/),
      expect.stringMatching(/^r\.yaml:10:\d+: rule t-rule: negative example 1 matched \(1 finding\)/),
    ]);
  });

  it("reports duplicate ids, too few examples and an exponential pattern", () => {
    const problems = check(
      rule("(?<secret>ghp_(?:[a-z]+)+!)", [`ghp_abc!`], []) +
        rule("(?<secret>ghp_[A-Za-z0-9]{36})", [token, token], ["x"]),
    );
    const text = problems.join("\n");
    expect(text).toMatch(/needs at least 2 examples/);
    expect(text).toMatch(/needs at least 1 negative example/);
    expect(text).toMatch(/backtrack exponentially/);
    expect(text).toMatch(/duplicate id/);
  });
});
