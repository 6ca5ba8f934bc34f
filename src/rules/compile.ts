import { CHECKSUMS } from "../detect/checksums.js";
import { compileAllow, globMatcher, tryRegex, type PatternError } from "./compileAllow.js";
import type { CompiledRule, RuleSyntax } from "./types.js";

/** The result of compiling one rule: the rule, or every error found in it (paths relative to the rule). */
export type CompileOutcome = { ok: true; rule: CompiledRule } | { ok: false; errors: PatternError[] };

/** Regex flags every rule runs with: global, with match indices, `^`/`$` at line boundaries. */
export const RULE_FLAGS = "gdm";

/** Compiles a validated rule once per run. Never throws on bad user input. */
export function compileRule(syntax: RuleSyntax): CompileOutcome {
  const errors: PatternError[] = [];
  const flags = RULE_FLAGS + (syntax.ignoreCase ? "i" : "");
  const regex = tryRegex(syntax.pattern, flags);
  if (typeof regex === "string") errors.push({ path: ["pattern"], message: `invalid regex: ${regex}` });
  const secretGroup = typeof regex === "string" ? 0 : resolveSecretGroup(syntax, regex, errors);
  const allow = compileAllow(syntax.allow, errors);
  const checksum = syntax.checksum === undefined ? undefined : CHECKSUMS[syntax.checksum];
  if (syntax.checksum !== undefined && !checksum) {
    errors.push({ path: ["checksum"], message: `unknown checksum "${syntax.checksum}"` });
  }
  if (errors.length > 0 || typeof regex === "string") return { ok: false, errors };
  const include = globMatcher(syntax.paths?.include);
  const exclude = globMatcher(syntax.paths?.exclude);
  return {
    ok: true,
    rule: {
      syntax,
      id: syntax.id,
      regex,
      secretGroup,
      keywords: [...new Set(syntax.keywords.map((keyword) => keyword.toLowerCase()))],
      entropy: syntax.entropy,
      confidence: syntax.confidence ?? "medium",
      appliesToPath: (path) => (!include || include(path)) && !(exclude && exclude(path)),
      allow,
      checksum,
    },
  };
}

function resolveSecretGroup(syntax: RuleSyntax, regex: RegExp, errors: PatternError[]): string | number {
  const probe = new RegExp(`(?:${regex.source})|`).exec("") as RegExpExecArray;
  const groupCount = probe.length - 1;
  const names = Object.keys(probe.groups ?? {});
  const declared = syntax.secretGroup;
  if (declared === undefined) return names.includes("secret") ? "secret" : 0;
  if (typeof declared === "string" && !names.includes(declared)) {
    errors.push({ path: ["secretGroup"], message: `the pattern has no group named "${declared}"` });
  }
  if (typeof declared === "number" && declared > groupCount) {
    errors.push({ path: ["secretGroup"], message: `the pattern has only ${groupCount} capture groups` });
  }
  return declared;
}
