import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/problems.js";
import { parseConfigText } from "../../src/config/ruleFile.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { loadRunConfig } from "../../src/config/loadRunConfig.js";
import { fileRuleSelector, matchFileRules, selectingRules } from "../../src/detect/fileRules.js";
import { compileAllow } from "../../src/rules/compileAllow.js";
import { tempDir } from "../helpers/files.js";
import { dedupeFindings } from "../../src/findings/dedupe.js";
import { buildFileFinding, gitignoreLine } from "../../src/findings/fileFinding.js";
import { checkRules } from "../../src/modes/checkRules.js";

const fileRule = (extra: string) => `rules:
  - id: t-env
    name: T env
    description: D
    kind: config-file
    severity: high
    paths:
      include: ["**/.env"]
      exclude: ["**/.env.example"]
${extra}`;

function parse(text: string) {
  const parsed = parseConfigText(text, "r.yaml");
  return { problems: parsed.problems.map(formatProblem), rules: parsed.content?.rules ?? [] };
}

describe("file rules (kind: config-file)", () => {
  it("need paths.include but no pattern or keywords; content rules still need both", () => {
    expect(parse(fileRule("")).problems).toEqual([]);
    expect(parse(fileRule("").replace(/ {4}paths:\n.*\n.*\n/, "")).problems.join("\n")).toMatch(
      /missing required key "paths"/,
    );
    const content =
      "rules:\n  - id: c\n    name: C\n    description: D\n    kind: token\n    severity: high\n    examplePaths: [a]\n";
    const problems = parse(content).problems.join("\n");
    expect(problems).toMatch(/missing required key "keywords"/);
    expect(problems).toMatch(/examplePaths" is not allowed here/);
  });

  it("rules test checks example paths and the content condition", () => {
    const yaml = fileRule(`    pattern: '^[A-Z_]+=(?<secret>\\S+)'
    examplePaths: [".env", "a/.env.example"]
    negativeExamplePaths: ["a/.env"]
    examples: ["KEY=Zx81kQ2vLm4NpQ", "KEY=changeme"]
    negativeExamples: ["KEY="]
`);
    const problems = checkRules(parse(yaml).rules).map(formatProblem).join("\n");
    expect(problems).toMatch(/example path 2 \("a\/\.env\.example"\) is not selected/);
    expect(problems).toMatch(/negative example path 1 \("a\/\.env"\) is selected/);
    expect(problems).toMatch(/example 2 does not satisfy the content condition/);
    expect(problems).not.toMatch(/example 1 does not/);
  });

  it("are compiled apart from content rules and decide by name when they have no condition", () => {
    const resolved = resolveRules(parse(fileRule("")).rules, undefined);
    expect(resolved.rules).toEqual([]);
    expect(resolved.fileRules.map((rule) => rule.id)).toEqual(["t-env"]);
    expect(matchFileRules(resolved.fileRules, { path: "x/.env" })?.rule.id).toBe("t-env");
    expect(matchFileRules(resolved.fileRules, { path: ".env.example" })).toBeUndefined();
  });

  it("a content condition holds only when one of its keywords occurs, in any ASCII case, read literally", () => {
    const yaml = fileRule(`    keywords: ["vault.token", "clé"]
    pattern: '(?<secret>[A-Z0-9]{20})'
`);
    const rules = resolveRules(parse(yaml).rules, undefined).fileRules;
    const holds = (content: string) => matchFileRules(rules, { path: ".env", content })?.rule.id === "t-env";
    const secret = "Q7ZK2M9XW4RT8VB3NC6D";
    expect(holds(`VAULT.TOKEN=${secret}`)).toBe(true);
    expect(holds(`Vault.Token=${secret}`)).toBe(true);
    expect(holds(`CLÉ=${secret}`)).toBe(true);
    expect(holds(`vaultXtoken=${secret}`)).toBe(false);
    expect(holds(`TOKEN=${secret}`)).toBe(false);
    expect(holds("vault.token=short")).toBe(false);
  });

  it("a config-file finding is never merged with a content finding on the same line", () => {
    const [rule] = resolveRules(parse(fileRule("")).rules, undefined).fileRules;
    if (!rule) throw new Error("no rule");
    const file = buildFileFinding(
      { rule, path: ".env", firstLineLength: 20 },
      { type: "file", path: ".env" },
      { state: "tracked" },
    );
    const content = {
      ...file,
      ruleId: "tok",
      kind: "token" as const,
      fileState: undefined,
      location: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 15 },
    };
    expect(dedupeFindings([file, content])).toHaveLength(2);
    expect(file.fingerprint).toHaveLength(32);
    expect(file.preview).toBe(".env");
  });

  it("gitignore lines are anchored and escape glob characters", () => {
    expect(gitignoreLine(".env")).toBe("/.env");
    expect(gitignoreLine("a/[x]*.pem")).toBe("/a/\\[x]\\*.pem");
    expect(gitignoreLine("#odd")).toBe("/\\#odd");
  });
});

describe("fileRuleSelector", () => {
  it("selects exactly what selectingRules does, for every built-in file rule's example paths and ordinary paths", () => {
    const config = loadRunConfig(tempDir(), false);
    const allow = compileAllow({ paths: ["**/fixtures/**"] }, []);
    const select = fileRuleSelector(config.fileRules, allow);
    const examples = config.fileRules.flatMap((rule) => [
      ...(rule.syntax.examplePaths ?? []),
      ...(rule.syntax.negativeExamplePaths ?? []),
    ]);
    const paths = [
      ...examples,
      ...examples.map((path) => `fixtures/${path}`),
      "src/index.ts",
      "README.md",
      "a/b/.env.local",
      "deep/x/id_rsa.pub",
      "keys/server.pem",
    ];
    expect(examples.length).toBeGreaterThan(40);
    for (const path of paths)
      expect(
        select(path).map((rule) => rule.id),
        path,
      ).toEqual(selectingRules(config.fileRules, path, allow).map((rule) => rule.id));
    expect(paths.filter((path) => select(path).length > 0).length).toBeGreaterThan(20);
    expect(select("fixtures/.env")).toEqual([]);
  });
});
