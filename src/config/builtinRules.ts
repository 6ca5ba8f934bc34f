import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../util/packageFiles.js";
import type { Problem } from "../problems.js";
import { readConfigFile, type LocatedRule } from "./ruleFile.js";
import { readRulesCache, ruleFiles } from "./rulesCache.js";

/** Folder of the built-in rules shipped with the package. */
export const BUILTIN_RULES_DIR = join(PACKAGE_ROOT, "rules");

/** True for a rule shipped with the package (fuzz-tested), false for one from a user's config or rules file. */
export function isBuiltinRule(located: LocatedRule): boolean {
  return dirname(located.source.file) === BUILTIN_RULES_DIR;
}

/**
 * Loads every `rules/*.yaml` file shipped with the package, in file-name order: from the build's
 * JSON cache when the YAML is unchanged, else by parsing and validating the YAML.
 */
export function loadBuiltinRules(
  dir: string = BUILTIN_RULES_DIR,
  useCache = true,
): { rules: LocatedRule[]; problems: Problem[] } {
  const cached = useCache ? readRulesCache(dir) : undefined;
  if (cached) return { rules: cached, problems: [] };
  const rules: LocatedRule[] = [];
  const problems: Problem[] = [];
  for (const name of ruleFiles(dir)) {
    const result = readConfigFile(join(dir, name));
    problems.push(...result.problems);
    if (result.content) rules.push(...result.content.rules);
  }
  return { rules, problems };
}
