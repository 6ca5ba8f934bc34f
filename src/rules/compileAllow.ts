import { globMatcher } from "./globs.js";
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
