import type { AllowSyntax, RuleSyntax } from "../rules/types.js";
import type { Problem } from "../problems.js";
import { validateConfigShape } from "./validate.js";
import { parseYamlFile, type YamlFile } from "./yamlFile.js";
import { readSmallFile } from "../util/smallFile.js";

/** Largest config or rules file read: far above any real one, far below what could exhaust memory. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** A rule together with the file it came from and its index there, so errors can point at it. */
export interface LocatedRule {
  syntax: RuleSyntax;
  source: YamlFile;
  index: number;
  /** True when the package build validated and compiled this rule (see `CompileOptions`). */
  isPrevalidated?: boolean;
}

/** The validated content of a config or rules file. */
export interface ConfigFileContent {
  file: string;
  useDefaultRules?: boolean;
  rules: LocatedRule[];
  disableRules: string[];
  allow?: AllowSyntax;
  maxFileSize?: number;
  source: YamlFile;
}

/**
 * Reads, parses and schema-validates a YAML config or rules file. All problems are returned at
 * once; a missing, non-regular or oversized file is one problem (see `readSmallFile`).
 */
export function readConfigFile(file: string): { content?: ConfigFileContent; problems: Problem[] } {
  let text: string | undefined;
  try {
    text = readSmallFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    return { problems: [{ file, line: 1, column: 1, message: (error as Error).message }] };
  }
  if (text === undefined) return { problems: [{ file, line: 1, column: 1, message: "cannot read: ENOENT" }] };
  return parseConfigText(text, file);
}

/** Parses and validates config text already in memory (used for files and tests). */
export function parseConfigText(text: string, file: string): { content?: ConfigFileContent; problems: Problem[] } {
  const source = parseYamlFile(text, file);
  if (source.problems.length > 0) return { problems: source.problems };
  if (source.value === null || source.value === undefined) {
    return { content: { file, rules: [], disableRules: [], source }, problems: [] };
  }
  const problems = validateConfigShape(source);
  if (problems.length > 0) return { problems };
  const value = source.value as Omit<ConfigFileContent, "rules" | "source" | "file"> & { rules?: RuleSyntax[] };
  const rules = (value.rules ?? []).map((syntax, index) => ({ syntax, source, index }));
  return {
    content: {
      file,
      rules,
      disableRules: value.disableRules ?? [],
      source,
      ...(value.useDefaultRules !== undefined ? { useDefaultRules: value.useDefaultRules } : {}),
      ...(value.allow ? { allow: value.allow } : {}),
      ...(value.maxFileSize !== undefined ? { maxFileSize: value.maxFileSize } : {}),
    },
    problems: [],
  };
}
