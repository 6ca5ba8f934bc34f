// Part of `npm run build`: validates the built-in rules and writes dist/builtin-rules.json, the
// pre-parsed form loaded at start-up while rules/*.yaml are unchanged, and dist/builtin-anchors.json,
// their regex anchors, which detector threads would otherwise work out at every start. Fails the
// build on any schema, regex or duplicate-id problem, printing file:line:column for each.
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../dist/config/builtinRules.js";
import { formatProblem } from "../dist/problems.js";
import { resolveRules } from "../dist/config/resolveRules.js";
import { writeRulesCache } from "../dist/config/rulesCache.js";
import { writeAnchorCache } from "../dist/rules/anchorCache.js";
import { regexAnchor } from "../dist/rules/anchors.js";

const loaded = loadBuiltinRules(BUILTIN_RULES_DIR, false);
const problems = [...loaded.problems, ...resolveRules(loaded.rules, undefined).problems];
if (problems.length > 0) {
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
writeRulesCache(BUILTIN_RULES_DIR, loaded.rules);
writeAnchorCache(
  loaded.rules.flatMap((rule) => rule.syntax.pattern ?? []),
  regexAnchor,
);
// stderr: `npm pack` output (which runs prepare) is parsed by tools such as pre-commit; it must hold only the tarball name.
console.error(`rules cache: ${loaded.rules.length} built-in rules, with their regex anchors`);
