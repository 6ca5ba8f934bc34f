import { compileRule } from "../../src/rules/compile.js";
import type { CompiledRule, ContentRuleSyntax } from "../../src/rules/types.js";

/** A minimal valid rule for detector tests; override any field. */
export function testRule(overrides: Partial<ContentRuleSyntax> = {}): ContentRuleSyntax {
  return {
    id: "test-token",
    name: "Test token",
    description: "A ghp_-style token used by the tests.",
    kind: "token",
    severity: "high",
    keywords: ["ghp_"],
    pattern: "(?<![A-Za-z0-9_])(?<secret>ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])",
    ...overrides,
  };
}

/** Compiles a rule, failing the test on a compile error. */
export function compiled(syntax: ContentRuleSyntax): CompiledRule {
  const outcome = compileRule(syntax);
  if (!outcome.ok) throw new Error(outcome.errors.map((error) => error.message).join("; "));
  return outcome.rule;
}
