import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { PACKAGE_ROOT } from "../util/packageFiles.js";
import { RULE_DOC_FIELDS, type RuleDocField, type RuleSyntax } from "../rules/types.js";
import type { LocatedRule } from "./ruleFile.js";
import { type DocsSpan, type FieldMap, RuleDocs, writeRuleDocs } from "./ruleDocs.js";
import { parseYamlFile, type YamlFile } from "./yamlFile.js";

/**
 * Parsing ~900 rules from YAML and validating them costs hundreds of milliseconds at every start,
 * which a pre-commit hook cannot afford. The build writes the validated rules to this JSON file;
 * at run time it is used while the YAML files are unchanged (same names, sizes and mtimes).
 */
const RULES_CACHE_FILE = join(PACKAGE_ROOT, "dist", "builtin-rules.json");

/** What detection needs of a rule (every field but its documentation), and where it was written. */
interface CachedRule {
  file: string;
  index: number;
  syntax: FieldMap;
  /** Where its documentation sits in the docs file. */
  docs: DocsSpan;
}

interface CacheContent {
  stamp: string;
  /** The build that wrote the cache and its docs file (see `RuleDocs`). */
  build: string;
  rules: CachedRule[];
}

/**
 * The documentation file beside a rules cache. Prose and examples are two thirds of the rules'
 * bytes, and only reports (for rules with findings) and `rules test` read them: a pre-commit run
 * that finds nothing never reads them, and one that finds a secret reads that rule's only.
 */
function docsFileOf(cacheFile: string): string {
  return cacheFile.replace(/\.json$/, ".docs.json");
}

/**
 * The path of file `name` in folder `dir`. Rule files are plain names, so this is `join` without
 * its normalising pass, which costs ~30 µs a call at start-up (~1,400 calls: ~10 ms).
 */
function inFolder(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
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
      const info = statSync(inFolder(dir, name));
      return `${name}:${info.size}:${Math.trunc(info.mtimeMs)}`;
    })
    .join("|");
}

/**
 * Cached rules for `dir`, or undefined when there is no cache or the YAML changed since. Each
 * rule's documentation fields are read on first use (see `CachedRuleSyntax`).
 */
export function readRulesCache(dir: string, cacheFile: string = RULES_CACHE_FILE): LocatedRule[] | undefined {
  if (!existsSync(cacheFile)) return undefined;
  const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheContent;
  if (cache.stamp !== stampOf(dir)) return undefined;
  const docs = new RuleDocs(docsFileOf(cacheFile), cache.build);
  const sources = new Map<string, LazyYamlFile>();
  return cache.rules.map((rule) => {
    const path = inFolder(dir, rule.file);
    const source = sources.get(path) ?? lazyYamlFile(path);
    sources.set(path, source);
    const syntax = new CachedRuleSyntax(rule.syntax, () => docs.at(rule.docs) ?? source.ruleAt(rule.index) ?? {});
    // The build wrote the cache only after every rule compiled: their regexes can compile lazily.
    return { syntax: syntax as unknown as RuleSyntax, index: rule.index, source, isPrevalidated: true };
  });
}

/**
 * A cached rule's syntax: the detection fields are its own properties, the documentation fields
 * (`RULE_DOC_FIELDS`) are getters on the class that load them on first read (from the docs file,
 * else the rule's YAML). Being inherited, they are left out when a rule is copied to a detector
 * thread or spread into a file rule's content condition, which use only detection fields.
 */
class CachedRuleSyntax {
  readonly #load: () => FieldMap;
  #docs: FieldMap | undefined;

  constructor(fields: FieldMap, load: () => FieldMap) {
    Object.assign(this, fields);
    this.#load = load;
  }

  /** One documentation field, the rule's documentation loaded on the first such read. */
  doc(field: RuleDocField): unknown {
    this.#docs ??= this.#load();
    return this.#docs[field];
  }
}

for (const field of RULE_DOC_FIELDS) {
  Object.defineProperty(CachedRuleSyntax.prototype, field, {
    get(this: CachedRuleSyntax) {
      return this.doc(field);
    },
  });
}

/** Writes the cache and its docs file for already-validated rules loaded from `dir`. */
export function writeRulesCache(
  dir: string,
  rules: readonly LocatedRule[],
  cacheFile: string = RULES_CACHE_FILE,
): void {
  const stamp = stampOf(dir);
  const docFields = new Set<string>(RULE_DOC_FIELDS);
  const entries = (rule: LocatedRule, isDoc: boolean) =>
    Object.entries(rule.syntax).filter(([key, value]) => value !== undefined && docFields.has(key) === isDoc);
  const build = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const spans = writeRuleDocs(
    docsFileOf(cacheFile),
    build,
    rules.map((rule) => Object.fromEntries(entries(rule, true))),
  );
  const content: CacheContent = {
    stamp,
    build,
    rules: rules.map((rule, position) => ({
      file: rule.source.file.slice(dir.length + 1),
      index: rule.index,
      syntax: Object.fromEntries(entries(rule, false)),
      docs: spans[position] as DocsSpan,
    })),
  };
  writeFileSync(cacheFile, JSON.stringify(content));
}

/** A YamlFile parsed only when a position or a rule's fields are asked for. */
interface LazyYamlFile extends YamlFile {
  /** The rule at `index` of the file's `rules` list, as written. */
  ruleAt(index: number): FieldMap | undefined;
}

/** A YamlFile whose text is parsed only if a position is ever asked for (an error report) or a rule's documentation is needed and the docs file cannot give it. */
function lazyYamlFile(file: string): LazyYamlFile {
  let parsed: YamlFile | undefined;
  const load = () => (parsed ??= parseYamlFile(readFileSync(file, "utf8"), file));
  return {
    file,
    value: undefined,
    problems: [],
    locate: (path, key) => load().locate(path, key),
    ruleAt: (index) => (load().value as { rules?: FieldMap[] } | null)?.rules?.[index],
  };
}
