import { resolve } from "node:path";
import type { Hint } from "../problems.js";
import type { AllowSyntax, CompiledAllow, CompiledFileRule, CompiledRule } from "../rules/types.js";
import { loadBuiltinRules } from "./builtinRules.js";
import { findConfigFile } from "./discover.js";
import { UserError } from "../problems.js";
import { resolveRules } from "./resolveRules.js";
import { readConfigFile, type ConfigFileContent, type LocatedRule } from "./ruleFile.js";

/** Where the run's config comes from: a path, `false` for none (`--no-config`), or undefined to discover. */
export type ConfigChoice = string | false | undefined;

/** Everything configuration decides for one run, compiled once. */
export interface RunConfig {
  /** Content rules, for the chunk detector. */
  rules: CompiledRule[];
  /** File rules (`kind: config-file`), for the file pass only. */
  fileRules: CompiledFileRule[];
  allow: CompiledAllow;
  maxFileSize: number | undefined;
  hints: Hint[];
  /** The config file used, if any. */
  configFile: string | undefined;
  /** True when the config adds or replaces rules (patterns that are not the fuzzed built-ins). */
  hasCustomRules: boolean;
  /** True when the config supplies any regex: custom rules, or allow-list regexes. */
  hasUserPatterns: boolean;
}

/** The config file a choice points at, if any. */
function configPath(cwd: string, choice: ConfigChoice): string | undefined {
  if (choice === false) return undefined;
  return choice !== undefined ? resolve(cwd, choice) : findConfigFile(cwd);
}

/** Reads the chosen config file (if any). Throws UserError with every problem in it. */
export function readChosenConfig(cwd: string, choice: ConfigChoice): ConfigFileContent | undefined {
  const file = configPath(cwd, choice);
  if (!file) return undefined;
  const read = readConfigFile(file);
  if (read.problems.length > 0) throw new UserError(read.problems);
  return read.content;
}

/** Built-in rules unless the config turns them off, then the config's own rules, all uncompiled. */
export function loadRuleSources(content: ConfigFileContent | undefined): LocatedRule[] {
  if (content?.useDefaultRules === false) return content.rules;
  const builtins = loadBuiltinRules();
  if (builtins.problems.length > 0) throw new UserError(builtins.problems);
  return [...builtins.rules, ...(content?.rules ?? [])];
}

/**
 * Loads built-in rules and the chosen config, validates and compiles everything.
 * Throws UserError listing every problem (file:line:column and rule id) when anything is wrong.
 */
export function loadRunConfig(cwd: string, choice: ConfigChoice): RunConfig {
  const content = readChosenConfig(cwd, choice);
  const builtins = content?.useDefaultRules === false ? { rules: [], problems: [] } : loadBuiltinRules();
  const resolved = resolveRules(builtins.rules, content);
  const problems = [...builtins.problems, ...resolved.problems];
  if (problems.length > 0) throw new UserError(problems);
  return {
    rules: resolved.rules,
    fileRules: resolved.fileRules,
    allow: resolved.allow,
    maxFileSize: content?.maxFileSize,
    hints: resolved.hints,
    configFile: content?.file,
    hasCustomRules: (content?.rules.length ?? 0) > 0,
    hasUserPatterns: (content?.rules.length ?? 0) > 0 || hasAllowPatterns(content?.allow),
  };
}

/** True when an allow-list holds a regex (stopwords are substrings; path globs compile to picomatch's own regexes). */
function hasAllowPatterns(allow: AllowSyntax | undefined): boolean {
  return [allow?.secrets, allow?.matches, allow?.lines].some((list) => (list?.length ?? 0) > 0);
}
