import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileGitignore } from "../../src/sources/gitignore.js";
import { tempDir } from "../helpers/files.js";
import { initRepo } from "../helpers/git.js";

/**
 * A table of `.gitignore` texts and paths (a trailing `/` marks a folder, created so git sees one), each verdict checked
 * against git's own `check-ignore` on the same text, so the matcher used outside git agrees with git.
 */
const CASES: Array<[string, string[]]> = [
  ["secret.log\nbuild/\n", ["secret.log", "a/secret.log", "build/", "y/build", "x/build/", "secret.log.bak"]],
  ["*.txt\n!keep.txt\n", ["a.txt", "keep.txt", "d/keep.txt", "d/a.txt", "txt", "a.txt/"]],
  ["/root.env\nsub/file\n", ["root.env", "d/root.env", "sub/file", "d/sub/file", "file"]],
  ["**/deep\na/**\nx/**/y\n", ["deep", "q/r/deep", "a/b", "a/b/c", "x/y", "x/1/2/y", "xy"]],
  ["*.tar.gz\n*.min.js\n!vendor.min.js\n", ["a.tar.gz", "a.gz", "b.min.js", "vendor.min.js", "min.js"]],
  [
    "f?o\n[ab]c\n[!x]z\n\\#hash\n\\!bang\ntrail\\ \n",
    ["foo", "fooo", "ac", "bc", "cc", "az", "xz", "#hash", "!bang", "trail "],
  ],
  ["# comment\n\n  \nname   \n", ["name", "# comment", "name   "]],
  ["dir/\n!dir/\nonly/\n", ["dir/", "only", "only/"]],
];

function gitVerdict(dir: string, path: string): "ignored" | "unignored" | undefined {
  try {
    const out = execFileSync("git", ["check-ignore", "-v", "--no-index", "--", path], { cwd: dir, encoding: "utf8" });
    const source = out.split("\t")[0] ?? "";
    return /:[0-9]+:!/.test(source) ? "unignored" : "ignored";
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? "");
    if (out.includes(":!")) return "unignored";
    return undefined;
  }
}

describe("compileGitignore", () => {
  it.each(CASES)("agrees with git check-ignore for %j", (text, paths) => {
    const dir = tempDir();
    initRepo(dir);
    writeFileSync(join(dir, ".gitignore"), text);
    const rules = compileGitignore(text);
    for (const path of paths) {
      const isDirectory = path.endsWith("/");
      const name = isDirectory ? path.slice(0, -1) : path;
      if (isDirectory) mkdirSync(join(dir, name), { recursive: true });
      expect([path, rules.test(name, isDirectory)]).toEqual([path, gitVerdict(dir, name)]);
    }
  });

  it("tests a path against 100,000 lines in microseconds, not per line", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      i % 3 === 0 ? `generated/file-${i}.js` : i % 3 === 1 ? `cache-${i}.tmp` : `*.ext${i}`,
    );
    const rules = compileGitignore([...lines, "*.log", "!keep-*.log"].join("\n"));
    const started = performance.now();
    const verdicts = Array.from({ length: 10_000 }, (_, i) => rules.test(`src/module-${i}/index.ts`, false));
    const perPathMs = (performance.now() - started) / 10_000;
    expect(verdicts.every((verdict) => verdict === undefined)).toBe(true);
    expect(rules.test("generated/file-3.js", false)).toBe("ignored");
    expect(rules.test("deep/cache-4.tmp", false)).toBe("ignored");
    expect(rules.test("a.ext5", false)).toBe("ignored");
    expect(rules.test("keep-1.log", false)).toBe("unignored");
    expect(perPathMs).toBeLessThan(0.1);
  });
});
