import picomatch from "picomatch";
import type { AllowSyntax, CompiledAllow } from "./types.js";

/** A regex or glob that failed to compile, with the key path (relative to the allow object) where it sits. */
export interface PatternError {
  path: Array<string | number>;
  message: string;
}

/** Compiles a regex, returning the error message instead of throwing. */
export function tryRegex(source: string, flags: string): RegExp | string {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    // V8 quotes the whole pattern in its message; keep only the reason, as a pattern may hold a secret.
    return (error as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, "");
  }
}

/**
 * Builds a path predicate from picomatch globs; `dot: true` because hidden files are scan targets.
 * The globs are compiled on the first test: a run compiles ~700 rules, and a pre-commit run tests
 * the paths of only the few whose keywords occur in its files.
 */
export function globMatcher(globs: readonly string[] | undefined): ((path: string) => boolean) | undefined {
  if (!globs || globs.length === 0) return undefined;
  let test: ((path: string) => boolean) | undefined;
  return (path) => {
    test ??= compileGlobs(globs);
    return test(path);
  };
}

function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 1) return picomatch(globs[0] as string, { dot: true });
  // `**/<name glob>` (most exclusions: lock files, *.min.js, ...) matches exactly when the last
  // path segment matches `<name glob>`: tested on the file name alone. The rest are one
  // alternation of picomatch's own regexes; a list of ~20 globs costs a few tests, not 20.
  // `**/<name>/**` (locales, i18n, ...) matches exactly when some segment is `<name>`.
  const segments = globs.flatMap((glob) => ANY_SEGMENT.exec(glob)?.slice(1, 2) ?? []);
  const rest = globs.filter((glob) => !ANY_SEGMENT.test(glob));
  const byName = rest.filter(isAnyDirectoryGlob).map((glob) => glob.slice(3));
  const nameRegex = anyOf(byName);
  const pathRegex = anyOf(rest.filter((glob) => !isAnyDirectoryGlob(glob)));
  return (path) =>
    segments.some((segment) => hasSegment(path, segment)) ||
    nameRegex?.test(path.slice(path.lastIndexOf("/") + 1)) === true ||
    pathRegex?.test(path) === true;
}

/** True when one of the `/`-separated segments of `path` is `name`. */
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

/** `**\/` followed by a glob of one path segment (no `/`, no `**`). */
function isAnyDirectoryGlob(glob: string): boolean {
  return glob.startsWith("**/") && glob.length > 3 && !glob.slice(3).includes("/") && !glob.slice(3).includes("**");
}

/** One regex for a list of globs; the outer `^` tells V8 the alternation is anchored (tried at the start only). */
function anyOf(globs: readonly string[]): RegExp | undefined {
  if (globs.length === 0) return undefined;
  return new RegExp(`^(?:${globs.map((glob) => `(?:${picomatch.makeRe(glob, { dot: true }).source})`).join("|")})`);
}

/** Compiles an allow-list; regex errors are returned, never thrown. */
export function compileAllow(syntax: AllowSyntax | undefined, errors: PatternError[]): CompiledAllow {
  const regexes = (key: "secrets" | "matches" | "lines") =>
    (syntax?.[key] ?? []).flatMap((source, index) => {
      const regex = tryRegex(source, "");
      if (typeof regex === "string") {
        errors.push({ path: ["allow", key, index], message: `invalid regex: ${regex}` });
        return [];
      }
      return [regex];
    });
  const pathMatcher = globMatcher(syntax?.paths);
  return {
    secrets: regexes("secrets"),
    matches: regexes("matches"),
    lines: regexes("lines"),
    stopwords: (syntax?.stopwords ?? []).map((word) => word.toLowerCase()),
    isPathAllowed: pathMatcher ?? (() => false),
    pathGlobs: syntax?.paths ?? [],
    syntax: syntax ?? {},
  };
}
