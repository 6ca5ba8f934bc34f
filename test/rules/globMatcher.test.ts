import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { globMatcher } from "../../src/rules/globs.js";

const GLOBS = [
  "**/package-lock.json",
  "**/*.lock",
  "**/*.min.js",
  "**/locales/**",
  "**/.env",
  "**/.env.*",
  "docs/**/*.md",
  "*.pem",
  "src/**",
  "**/i18n/**",
  "**/*.{po,pot}",
  "**/lang/**",
];

const PATHS = [
  "package-lock.json",
  "a/package-lock.json",
  "a/b/package-lock.jsonx",
  "xpackage-lock.json",
  "yarn.lock",
  "deep/x/Cargo.lock",
  ".lock",
  "a/.lock",
  "app.min.js",
  "a/app.min.js",
  "a/app.min.js.map",
  "locales/en.json",
  "a/locales/en/x.json",
  "a/locales",
  "localesx/a",
  ".env",
  "a/.env",
  "a/.env.local",
  ".env.production",
  "a/env",
  "docs/a.md",
  "docs/x/y/a.md",
  "a/docs/a.md",
  "key.pem",
  "a/key.pem",
  "src/x.ts",
  "lib/src/x.ts",
  "a/i18n/fr.json",
  "i18n",
  "messages.po",
  "a/b/messages.pot",
  "a/b/messages.pox",
  ".hidden/dir/app.min.js",
  "a/.cache/yarn.lock",
  "a/locales",
  "a/.locales/x",
  "a/xlocales/y",
  "lang",
  "x/lang/y",
  "x/language/y",
  "x/lang.json",
  "src/lang",
];

describe("glob lists", () => {
  it("match exactly what picomatch matches with the same globs", () => {
    const ours = globMatcher(GLOBS);
    const theirs = picomatch(GLOBS, { dot: true });
    for (const path of PATHS) expect([path, ours?.(path)]).toEqual([path, theirs(path)]);
    expect(PATHS.filter((path) => theirs(path)).length).toBeGreaterThan(15);
    expect(PATHS.filter((path) => !theirs(path)).length).toBeGreaterThan(8);
  });

  it("handle a single glob, and no globs", () => {
    expect(globMatcher(["**/*.lock"])?.("a/b.lock")).toBe(true);
    expect(globMatcher([])).toBeUndefined();
  });
});

describe("built-in glob lists", () => {
  it("match exactly what picomatch matches, on names made from the globs themselves", () => {
    const written = loadBuiltinRules(BUILTIN_RULES_DIR, false).rules.flatMap(({ syntax }) =>
      [syntax.paths?.include, syntax.paths?.exclude, syntax.allow?.paths].filter((list) => list !== undefined),
    );
    const lists = [...new Map(written.map((list) => [list.join("\n"), list])).values()];
    const globs = [...new Set(lists.flat())];
    // Each glob with its `*`s filled in several ways, at the top and deeper, is a path that
    // matches it, nearly matches it or matches a neighbour.
    const fills = ["", ".x", "a/b"];
    const braced = (glob: string) => {
      const list = /\{([^{}]*)\}/.exec(glob)?.[1]?.split(",") ?? [];
      return list.length < 2
        ? [glob]
        : [list[0], list.at(-1)].map((choice) => glob.replace(/\{[^{}]*\}/, choice ?? ""));
    };
    const names = globs.flatMap(braced).flatMap((glob) =>
      fills.flatMap((fill) => {
        const name = glob.replace(/^\*\*\//, "").replace(/\*\*?/g, fill);
        return [name, `deep/er/${name}`, `${name}x`, `a-${name}`, `${name}/inner.txt`];
      }),
    );
    let matched = 0;
    for (const list of lists) {
      const ours = globMatcher(list);
      const theirs = picomatch(list, { dot: true });
      for (const path of names) {
        expect([list, path, ours?.(path)]).toEqual([list, path, theirs(path)]);
        if (theirs(path)) matched++;
      }
    }
    expect(lists.length).toBeGreaterThan(40);
    expect(matched).toBeGreaterThan(1000);
  });
});
