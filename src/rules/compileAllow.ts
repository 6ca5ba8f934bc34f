import { lazyModules } from "../util/lazyModules.js";
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
  // `**/<name glob>` (most exclusions: lock files, *.min.js, ...; most file rules: .env, id_rsa,
  // *.pem) matches exactly when the last path segment matches `<name glob>`: tested on the file
  // name alone, without a regex when `*` is its only glob syntax (picomatch would parse each glob
  // and V8 compile a regex of them at every start). `**/<name>/**` (locales, i18n, ...) matches
  // exactly when some segment is `<name>`, and `**/<literal path>` (.cursor/mcp.json) when the
  // path is it or ends in `/` and it. The rest are one alternation of picomatch's own regexes; a
  // list of ~20 globs costs a few tests, not 20.
  const segments = globs.flatMap((glob) => ANY_SEGMENT.exec(glob)?.slice(1, 2) ?? []);
  const tails = globs.flatMap((glob) => anyTail(glob) ?? []);
  const rest = globs.filter((glob) => !ANY_SEGMENT.test(glob) && anyTail(glob) === undefined);
  const names = rest.filter(isAnyDirectoryGlob).map((glob) => glob.slice(3));
  const others = rest.filter((glob) => !isAnyDirectoryGlob(glob));
  if (segments.length === 0 && tails.length === 0 && names.length === 0 && others.length === 1)
    return lazyModules.picomatch()(others[0] as string, { dot: true });
  const simpleNames = starNameMatcher(names.filter((name) => STAR_NAME.test(name)));
  const nameRegex = anyOf(names.filter((name) => !STAR_NAME.test(name)));
  const pathRegex = anyOf(others);
  return (path) => {
    if (segments.some((segment) => hasSegment(path, segment))) return true;
    if (tails.some((tail) => path === tail || (path.endsWith(tail) && path[path.length - tail.length - 1] === "/")))
      return true;
    if (!simpleNames && !nameRegex) return pathRegex?.test(path) === true;
    const name = path.slice(path.lastIndexOf("/") + 1);
    return simpleNames?.(name) === true || nameRegex?.test(name) === true || pathRegex?.test(path) === true;
  };
}

/** `**\/<path of two or more literal segments>`: no glob syntax after the leading `**\/`. */
const ANY_TAIL = /^\*\*\/((?:[^/*?[\]{}()!+@\\]+\/)+[^/*?[\]{}()!+@\\]+)$/;

/** The literal path of an `ANY_TAIL` glob, unless a segment is `.` or `..` (which picomatch treats apart). */
function anyTail(glob: string): string | undefined {
  const tail = ANY_TAIL.exec(glob)?.[1];
  return tail?.split("/").some((segment) => segment === "." || segment === "..") ? undefined : tail;
}

/** A one-segment glob whose only glob syntax is `*` (any run of characters but `/`, even none). */
const STAR_NAME = /^[^/*?[\]{}()!+@\\]*(?:\*[^/*?[\]{}()!+@\\]*)*$/;

/**
 * Tests a file name against `STAR_NAME` globs without a regex: a set lookup for plain names, and
 * for the others the literal before the first `*`, after the last, and each one between, in order.
 * Like picomatch, `*` never matches the names `.` and `..`.
 */
function starNameMatcher(globs: readonly string[]): ((name: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
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
  return new RegExp(
    `^(?:${globs.map((glob) => `(?:${lazyModules.picomatch().makeRe(glob, { dot: true }).source})`).join("|")})`,
  );
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
