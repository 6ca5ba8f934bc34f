import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../packageFiles.js";
import type { Problem } from "./problems.js";
import { readConfigFile, type LocatedRule } from "./ruleFile.js";

/** Folder of the built-in rules shipped with the package. */
export const BUILTIN_RULES_DIR = join(PACKAGE_ROOT, "rules");

/** Loads every `rules/*.yaml` file shipped with the package, in file-name order. */
export function loadBuiltinRules(dir: string = BUILTIN_RULES_DIR): { rules: LocatedRule[]; problems: Problem[] } {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
  const rules: LocatedRule[] = [];
  const problems: Problem[] = [];
  for (const name of files) {
    const result = readConfigFile(join(dir, name));
    problems.push(...result.problems);
    if (result.content) rules.push(...result.content.rules);
  }
  return { rules, problems };
}
