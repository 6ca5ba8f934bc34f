import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { compileAllow } from "../../src/rules/compileAllow.js";
import { PathSignatures } from "../../src/findings/historyFanOut.js";
import { compiled, testRule } from "../detect/rules.js";

/** Paths a glob matches, made by filling in its wildcards, so the comparison covers matching paths too. */
function pathsFor(glob: string): string[] {
  const filled = glob
    .replace(/\{([^,}]*)[^}]*\}/g, "$1")
    .replace(/\[[^\]]*\]/g, "a")
    .replace(/\?/g, "q");
  return ["", "deep/er/"].flatMap((prefix) => [
    filled
      .replace(/\*\*\//g, prefix)
      .replace(/\/\*\*$/, "/inside/f.txt")
      .replace(/\*/g, "x"),
  ]);
}

describe("PathSignatures", () => {
  it("gives every path the signature the rules and allow-lists give it one by one", () => {
    const rules = [
      ...resolveRules(loadBuiltinRules(BUILTIN_RULES_DIR, false).rules, undefined).rules,
      compiled(
        testRule({
          id: "no-vendor",
          paths: { exclude: ["vendor/**", "**/*.min.js"] },
          allow: { paths: ["**/fixtures/**"] },
        }),
      ),
    ];
    const allow = compileAllow({ paths: ["docs/**", "**/*.snap"] }, []);
    const signatures = new PathSignatures(createRuleSet(rules, allow));
    const globs = rules.flatMap((rule) => [
      ...(rule.syntax.paths?.include ?? []),
      ...(rule.syntax.paths?.exclude ?? []),
      ...(rule.syntax.allow?.paths ?? []),
    ]);
    const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n").filter(Boolean);
    const paths = [
      ...tracked,
      ...[...globs, "docs/**", "**/*.snap"].flatMap(pathsFor),
      "vendor/lib.js",
      "a/.npmrc",
      ".env.local",
      "x/id_rsa",
    ];
    expect(globs.length).toBeGreaterThan(20);
    const distinct = new Set<string>();
    for (const path of paths) {
      expect(signatures.of(path), path).toBe(signatures.signatureOf(path));
      distinct.add(signatures.of(path));
    }
    expect(distinct.size).toBeGreaterThan(10);
  });

  it("works out the signatures of a growing list of paths while a walk runs, and stops when it ends", async () => {
    const signatures = new PathSignatures(
      createRuleSet([compiled(testRule({ id: "no-vendor", paths: { exclude: ["vendor/**"] } }))], compileAllow({}, [])),
    );
    const paths = ["src/a.ts", "vendor/b.js"];
    let finish: () => void = () => undefined;
    const walk = new Promise<void>((resolve) => (finish = resolve));
    const warming = signatures.warm(paths, walk);
    await new Promise((resolve) => setTimeout(resolve, 30));
    paths.push("vendor/c.js");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([...signatures.known().keys()]).toEqual(["src/a.ts", "vendor/b.js", "vendor/c.js"]);
    expect(signatures.known().get("vendor/c.js")).toBe(signatures.signatureOf("vendor/c.js"));
    expect(signatures.known().get("vendor/c.js")).not.toBe(signatures.known().get("src/a.ts"));
    finish();
    await warming;
    paths.push("later/d.ts");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(signatures.known().has("later/d.ts")).toBe(false);
  });
});
