import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunConfig } from "../../src/config/loadRunConfig.js";
import { formatProblem, UserError } from "../../src/problems.js";
import { tempDir, writeFiles } from "../helpers/files.js";

const RULE = `  - id: my-token
    name: My token
    description: A token.
    kind: token
    severity: high
    keywords: [myt_]
    pattern: '(?<secret>myt_[a-z0-9]{20})'
`;

function problemsFor(config: string): string[] {
  const dir = tempDir();
  writeFiles(dir, { ".secretscanrc.yaml": config });
  try {
    loadRunConfig(dir, undefined);
  } catch (error) {
    if (error instanceof UserError) return error.problems.map((problem) => formatProblem({ ...problem, file: "rc" }));
    throw error;
  }
  return [];
}

describe("config validation", () => {
  it("reports a broken regex with line, column and rule id, without throwing anything else", () => {
    const problems = problemsFor(
      `useDefaultRules: false\nrules:\n${RULE.replace("(?<secret>myt_[a-z0-9]{20})", "(?<secret>myt_[a-z0-9]{20}")}`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^rc:9:14: rule my-token: invalid regex: /);
  });

  it("reports a misspelled key at the key, suggesting the right one", () => {
    const problems = problemsFor(`useDefaultRules: false\nrules:\n${RULE.replace("keywords", "keywrods")}`);
    expect(problems).toContain('rc:8:5: rule my-token: unknown key "keywrods" in "rules.0" (did you mean "keywords"?)');
    expect(problems.some((problem) => problem.includes('missing required key "keywords"'))).toBe(true);
  });

  it("collects every problem at once, across rules and top-level keys", () => {
    const second = RULE.replace("my-token", "other").replace("severity: high", "severity: severe");
    const problems = problemsFor(`useDefaultRules: false\nmaxFileSize: -3\nalow: {}\nrules:\n${RULE}${second}`);
    expect(problems.length).toBe(3);
    expect(problems.join("\n")).toMatch(/unknown key "alow".*did you mean "allow"/);
    expect(problems.join("\n")).toMatch(/rule other: "rules.1.severity" must be one of: critical, high/);
    expect(problems.join("\n")).toMatch(/"maxFileSize" must be >= 1/);
  });

  it("reports YAML syntax errors with their position", () => {
    const problems = problemsFor("rules: [\n  - id: x\n");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^rc:\d+:\d+: YAML syntax: /);
  });

  it("rejects duplicate rule ids in one config", () => {
    const problems = problemsFor(`useDefaultRules: false\nrules:\n${RULE}${RULE}`);
    expect(problems).toEqual([expect.stringMatching(/^rc:10:9: rule my-token: duplicate rule id "my-token"$/)]);
  });

  it("lets a config disable rules, add allow-lists and replace nothing else", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "sub/.keep": "",
      ".secretscanrc.yml": `useDefaultRules: false\ndisableRules: [nope]\nrules:\n${RULE}`,
    });
    const config = loadRunConfig(join(dir, "sub"), undefined);
    expect(config.rules.map((rule) => rule.id)).toEqual(["my-token"]);
    expect(config.hints.map((hint) => hint.code)).toEqual(["unknown-disabled-rule"]);
    expect(config.configFile).toBe(join(dir, ".secretscanrc.yml"));
  });

  it("uses no config file with --no-config even when one is present", () => {
    const dir = tempDir();
    writeFiles(dir, { ".secretscanrc.yaml": "this: is: not: valid" });
    expect(() => loadRunConfig(dir, undefined)).toThrow(UserError);
    expect(loadRunConfig(dir, false).configFile).toBeUndefined();
  });
});
