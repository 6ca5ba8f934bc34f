import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { globMatcher } from "../../src/rules/compileAllow.js";

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
