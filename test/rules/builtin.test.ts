import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { formatProblem } from "../../src/problems.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { checkRules } from "../../src/modes/checkRules.js";

describe("built-in rules", () => {
  const loaded = loadBuiltinRules(BUILTIN_RULES_DIR, false);

  it("load without schema problems", () => {
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThan(0);
  });

  it("compile, with unique ids", () => {
    expect(resolveRules(loaded.rules, undefined).problems.map(formatProblem)).toEqual([]);
  });

  it("each match their examples and none of their negative examples (secretscan rules test)", () => {
    const problems = checkRules(loaded.rules).map((problem) =>
      formatProblem({ ...problem, file: relative(process.cwd(), problem.file) }),
    );
    expect(problems).toEqual([]);
  }, 120_000); // ~3 s of CPU for every rule's examples; the margin is for a loaded machine

  it("each carry references, remediation and examples, and keywords unless confined to named files", () => {
    const contentRules = loaded.rules.filter(({ syntax }) => syntax.kind !== "config-file");
    const incomplete = contentRules
      .filter(
        ({ syntax }) =>
          !syntax.references?.length ||
          !syntax.remediation ||
          (syntax.examples?.length ?? 0) < 2 ||
          !syntax.negativeExamples?.length,
      )
      .map(({ syntax }) => syntax.id);
    expect(incomplete).toEqual([]);
    const withoutKeywords = contentRules
      .filter(({ syntax }) => (syntax.keywords ?? []).length === 0 && !syntax.paths?.include?.length)
      .map(({ syntax }) => syntax.id);
    expect(withoutKeywords).toEqual([]);
  });

  it("file rules (kind: config-file) each carry references, remediation, paths and example paths", () => {
    const incomplete = loaded.rules
      .flatMap(({ syntax }) => (syntax.kind === "config-file" ? [syntax] : []))
      .filter(
        (syntax) =>
          !syntax.references?.length ||
          !syntax.remediation ||
          (syntax.examplePaths?.length ?? 0) < 2 ||
          !syntax.negativeExamplePaths?.length,
      )
      .map((syntax) => syntax.id);
    expect(incomplete).toEqual([]);
  });
});
