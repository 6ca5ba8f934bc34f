import { lazyModules } from "../util/lazyModules.js";

/**
 * Builds a path predicate from picomatch globs; `dot: true` because hidden files are scan targets.
 * The globs are compiled on the first test: a run compiles ~900 rules, and a pre-commit run tests
 * the paths of only the few whose keywords occur in its files.
 */
export function globMatcher(globs: readonly string[] | undefined): ((path: string) => boolean) | undefined {
  return globs && globs.length > 0 ? globTest(globs) : undefined;
}

/** `globMatcher` of a list known to be non-empty: ignore-file and allow-list entries, one glob each. */
export function globTest(globs: readonly string[]): (path: string) => boolean {
  let test: ((path: string) => boolean) | undefined;
  return (path) => {
    test ??= compileGlobs(globs);
    return test(path);
  };
}

/**
 * Most globs of rules end in a file name under `**` (lock files, *.min.js, .env, id_rsa, *.pem,
 * .cursor/mcp.json, *.{md,rst}): those are tested on the path's last segment and its parent
 * directory without picomatch or a regex (picomatch would parse each glob and V8 compile a regex
 * of them at every start). `**\/<name>/**` (locales, i18n, ...) matches exactly when some segment
 * is `<name>`. The rest are one alternation of picomatch's own regexes; a list of ~20 globs costs
 * a few tests, not 20. `test/rules/globMatcher.test.ts` checks every built-in list against picomatch.
 */
function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const segments: string[] = [];
  const suffixes: SuffixGlob[] = [];
  const others: string[] = [];
  for (const glob of globs) {
    const segment = ANY_SEGMENT.exec(glob)?.[1];
    const suffix = segment === undefined ? suffixGlob(glob) : undefined;
    if (segment !== undefined) segments.push(segment);
    else if (suffix) suffixes.push(suffix);
    else others.push(glob);
  }
  if (segments.length === 0 && suffixes.length === 0 && others.length === 1)
    return lazyModules.picomatch()(others[0] as string, { dot: true });
  const bySuffix = suffixMatcher(suffixes);
  const pathRegex = anyOf(others);
  return (path) =>
    segments.some((segment) => hasSegment(path, segment)) ||
    bySuffix?.(path) === true ||
    pathRegex?.test(path) === true;
}

/**
 * A glob `**\/<dirs>/<names>` or `**\/<dirs>/**\/<names>`: literal directory segments (maybe
 * none), then one file-name segment whose only glob syntax is `*`, or a `{a,b}` list of such names.
 */
interface SuffixGlob {
  /** The directory segments, `/`-joined; "" when the name may be anywhere. */
  dirs: string;
  /** True for `<dirs>/**\/`: the directories may be anywhere above the name, not only its parent. */
  isAnyDepth: boolean;
  /** File-name globs (`STAR_NAME`), the braces expanded. */
  names: string[];
}

/** A literal segment: no glob syntax, and not `.` or `..` (which picomatch treats apart). */
const LITERAL_SEGMENT = /^(?!\.{1,2}$)[^/*?[\]{}()!+@\\]+$/;

/** A one-segment glob whose only glob syntax is `*` (any run of characters but `/`, even none). */
const STAR_NAME = /^[^/*?[\]{}()!+@\\]*(?:\*[^/*?[\]{}()!+@\\]*)*$/;

/** One `{a,b,...}` list of two or more non-empty alternatives, without nesting. */
const BRACE_LIST = /^([^{}]*)\{([^{}]+,[^{}]+)\}([^{}]*)$/;

/** `glob` as a SuffixGlob, or undefined when it has another form. */
function suffixGlob(glob: string): SuffixGlob | undefined {
  if (!glob.startsWith("**/")) return undefined;
  const parts = glob.slice(3).split("/");
  const name = parts.pop() as string;
  const isAnyDepth = parts[parts.length - 1] === "**" && parts.length > 1;
  if (isAnyDepth) parts.pop();
  if (!parts.every((part) => LITERAL_SEGMENT.test(part))) return undefined;
  const names = expandBraces(name);
  if (!names?.every((each) => STAR_NAME.test(each))) return undefined;
  return { dirs: parts.join("/"), isAnyDepth, names };
}

/** The names a segment stands for: itself, or each alternative of its one brace list (none when malformed). */
function expandBraces(name: string): string[] | undefined {
  if (!name.includes("{") && !name.includes("}")) return [name];
  const list = BRACE_LIST.exec(name);
  if (!list) return undefined;
  const [, before = "", alternatives = "", after = ""] = list;
  const each = alternatives.split(",");
  return each.every((alternative) => alternative !== "")
    ? each.map((alternative) => before + alternative + after)
    : undefined;
}

/** One predicate for all suffix globs: the file name against each directory's names, then the directory. */
function suffixMatcher(globs: readonly SuffixGlob[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const groups = new Map<string, { dirs: string; isAnyDepth: boolean; names: string[] }>();
  for (const glob of globs) {
    const key = `${glob.isAnyDepth ? "**" : ""}/${glob.dirs}`;
    const group = groups.get(key) ?? { dirs: glob.dirs, isAnyDepth: glob.isAnyDepth, names: [] };
    group.names.push(...glob.names);
    groups.set(key, group);
  }
  const tests = [...groups.values()].map(({ dirs, isAnyDepth, names }) => ({
    inDirectory: directoryTest(dirs, isAnyDepth),
    isName: starNameMatcher(names),
  }));
  return (path) => {
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    const parent = slash === -1 ? "" : path.slice(0, slash);
    return tests.some(({ inDirectory, isName }) => isName(name) && inDirectory(parent));
  };
}

/** Whether a parent directory satisfies `<dirs>/` (its tail) or `<dirs>/**\/` (its segments anywhere). */
function directoryTest(dirs: string, isAnyDepth: boolean): (parent: string) => boolean {
  if (dirs === "") return () => true;
  if (isAnyDepth) return (parent) => hasSegment(parent, dirs);
  return (parent) => parent === dirs || (parent.endsWith(dirs) && parent[parent.length - dirs.length - 1] === "/");
}

/**
 * Tests a file name against `STAR_NAME` globs without a regex: a set lookup for plain names, and
 * for the others the literal before the first `*`, after the last, and each one between, in order.
 * Like picomatch, `*` never matches the names `.` and `..`.
 */
function starNameMatcher(globs: readonly string[]): (name: string) => boolean {
  const plain = new Set(globs.filter((glob) => !glob.includes("*")));
  const starred = globs.filter((glob) => glob.includes("*")).map((glob) => glob.split("*"));
  return (name) =>
    plain.has(name) || (name !== "." && name !== ".." && starred.some((parts) => matchesStarParts(name, parts)));
}

/** True when `name` is `parts` joined by runs of any characters (the parts of a glob split at `*`). */
function matchesStarParts(name: string, parts: readonly string[]): boolean {
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const end = name.length - last.length;
  if (end < first.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const found = name.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** True when the `/`-separated segments of `path` hold `name` (one or more whole segments). */
function hasSegment(path: string, name: string): boolean {
  for (let at = path.indexOf(name); at !== -1; at = path.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at === 0 || path.charCodeAt(at - 1) === 47) && (end === path.length || path.charCodeAt(end) === 47))
      return true;
  }
  return false;
}

/** `**\/<literal segment>/**`: a name with no glob syntax between two `**`. */
const ANY_SEGMENT = /^\*\*\/([^/*?[\]{}()!+@\\]+)\/\*\*$/;

/** One regex for a list of globs; the outer `^` tells V8 the alternation is anchored (tried at the start only). */
function anyOf(globs: readonly string[]): RegExp | undefined {
  if (globs.length === 0) return undefined;
  return new RegExp(
    `^(?:${globs.map((glob) => `(?:${lazyModules.picomatch().makeRe(glob, { dot: true }).source})`).join("|")})`,
  );
}
