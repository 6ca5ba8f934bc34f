import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../util/packageFiles.js";
import type { RuleSyntax } from "../rules/types.js";
import type { LocatedRule } from "./ruleFile.js";
import { parseYamlFile, type YamlFile } from "./yamlFile.js";

/**
 * Parsing ~300 rules from YAML and validating them costs hundreds of milliseconds at every start,
 * which a pre-commit hook cannot afford. The build writes the validated rules to this JSON file;
 * at run time it is used while the YAML files are unchanged (same names, sizes and mtimes).
 */
const RULES_CACHE_FILE = join(PACKAGE_ROOT, "dist", "builtin-rules.json");

interface CacheContent {
  stamp: string;
  rules: Array<{ file: string; index: number; syntax: RuleSyntax }>;
}

/** The YAML rule files of a folder, sorted by name. */
export function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
}

function stampOf(dir: string): string {
  return ruleFiles(dir)
    .map((name) => {
      const info = statSync(join(dir, name));
      return `${name}:${info.size}:${Math.trunc(info.mtimeMs)}`;
    })
    .join("|");
}

/** Cached rules for `dir`, or undefined when there is no cache or the YAML changed since. */
export function readRulesCache(dir: string, cacheFile: string = RULES_CACHE_FILE): LocatedRule[] | undefined {
  if (!existsSync(cacheFile)) return undefined;
  const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheContent;
  if (cache.stamp !== stampOf(dir)) return undefined;
  const sources = new Map<string, YamlFile>();
  return cache.rules.map(({ file, index, syntax }) => {
    const path = join(dir, file);
    if (!sources.has(path)) sources.set(path, lazyYamlFile(path));
    return { syntax, index, source: sources.get(path) as YamlFile };
  });
}

/** Writes the cache for already-validated rules loaded from `dir`. */
export function writeRulesCache(
  dir: string,
  rules: readonly LocatedRule[],
  cacheFile: string = RULES_CACHE_FILE,
): void {
  const content: CacheContent = {
    stamp: stampOf(dir),
    rules: rules.map((rule) => ({
      file: rule.source.file.slice(dir.length + 1),
      index: rule.index,
      syntax: rule.syntax,
    })),
  };
  writeFileSync(cacheFile, JSON.stringify(content));
}

/** A YamlFile whose text is parsed only if a position is ever asked for (an error report). */
function lazyYamlFile(file: string): YamlFile {
  let parsed: YamlFile | undefined;
  const load = () => (parsed ??= parseYamlFile(readFileSync(file, "utf8"), file));
  return {
    file,
    value: undefined,
    problems: [],
    locate: (path, key) => load().locate(path, key),
  };
}
