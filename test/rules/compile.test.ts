import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { compileFileRule, compileRule } from "../../src/rules/compile.js";
import type { CompiledAllow, CompiledRule } from "../../src/rules/types.js";

/** An allow-list as plain data: regexes by source and flags. */
function allowShape(allow: CompiledAllow) {
  const regexes = [allow.secrets, allow.matches, allow.lines].map((list) =>
    list.map((regex) => `/${regex.source}/${regex.flags}`),
  );
  return [...regexes, allow.stopwords, allow.pathGlobs];
}

/** What a compiled rule does, as plain data: regexes by source and flags, functions by identity where shared. */
function shape(rule: CompiledRule | undefined) {
  if (!rule) return undefined;
  return {
    id: rule.id,
    regex: `/${rule.regex.source}/${rule.regex.flags}`,
    secretGroup: rule.secretGroup,
    keywords: rule.keywords,
    entropy: rule.entropy,
    confidence: rule.confidence,
    checksum: rule.checksum,
    allow: allowShape(rule.allow),
  };
}

describe("compileRule of a prevalidated rule", () => {
  // Built-in rules read from the build's cache compile their regexes on first use; the rule must
  // be the one an eager compile gives, for every built-in content rule and file-rule condition.
  it("gives every built-in rule exactly as the eager compile does", () => {
    const { rules } = loadBuiltinRules(BUILTIN_RULES_DIR, false);
    expect(rules.length).toBeGreaterThan(800);
    for (const { syntax } of rules) {
      if (syntax.kind === "config-file") {
        const eager = compileFileRule(syntax);
        const lazy = compileFileRule(syntax, { isPrevalidated: true });
        expect(eager.ok && lazy.ok).toBe(true);
        if (eager.ok && lazy.ok) {
          expect(shape(lazy.rule.condition)).toEqual(shape(eager.rule.condition));
          expect(allowShape(lazy.rule.allow)).toEqual(allowShape(eager.rule.allow));
        }
        continue;
      }
      const eager = compileRule(syntax);
      const lazy = compileRule(syntax, { isPrevalidated: true });
      expect(eager.ok && lazy.ok).toBe(true);
      if (eager.ok && lazy.ok) expect(shape(lazy.rule)).toEqual(shape(eager.rule));
    }
  });

  it("compiles the regex once, on first use, and tests paths like the eager rule", () => {
    const syntax = {
      id: "t",
      name: "T",
      description: "D",
      kind: "token" as const,
      severity: "high" as const,
      keywords: ["TOK_"],
      pattern: "(?<secret>tok_[a-z0-9]{8})",
      paths: { exclude: ["**/*.lock"] },
      allow: { secrets: ["^tok_0{8}$"] },
    };
    const outcome = compileRule(syntax, { isPrevalidated: true });
    if (!outcome.ok) throw new Error("compile failed");
    expect(outcome.rule.regex).toBe(outcome.rule.regex);
    expect(outcome.rule.allow).toBe(outcome.rule.allow);
    expect(outcome.rule.keywords).toEqual(["tok_"]);
    expect(outcome.rule.appliesToPath("a/yarn.lock")).toBe(false);
    expect(outcome.rule.appliesToPath("a/b.js")).toBe(true);
    expect(outcome.rule.allow.secrets[0]?.test("tok_00000000")).toBe(true);
  });

  it("still compiles a rule eagerly when only the compiled regex can name its secret group", () => {
    const outcome = compileRule(
      {
        id: "t",
        name: "T",
        description: "D",
        kind: "token",
        severity: "high",
        keywords: ["tok_"],
        pattern: "tok_([a-z0-9]{8})",
      },
      { isPrevalidated: true },
    );
    expect(outcome.ok && outcome.rule.secretGroup).toBe(0);
  });
});
