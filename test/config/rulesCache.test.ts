import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/builtinRules.js";
import { readRulesCache, writeRulesCache } from "../../src/config/rulesCache.js";
import { tempDir, writeFiles } from "../helpers/files.js";

const RULE = (id: string) => `rules:
  - id: ${id}
    name: N
    description: D
    kind: token
    severity: high
    keywords: [tok_]
    pattern: '(?<secret>tok_[a-z0-9]{8})'
`;

describe("built-in rules cache", () => {
  it("is used while the YAML is unchanged and ignored once a file changes", () => {
    const dir = tempDir();
    writeFiles(dir, { "a.yaml": RULE("first") });
    const cache = join(tempDir(), "cache.json");
    writeRulesCache(dir, loadBuiltinRules(dir, false).rules, cache);
    expect(readRulesCache(dir, cache)?.map((rule) => rule.syntax.id)).toEqual(["first"]);
    writeFileSync(join(dir, "a.yaml"), RULE("second-rule"));
    utimesSync(join(dir, "a.yaml"), new Date(), new Date(Date.now() + 5000));
    expect(readRulesCache(dir, cache)).toBeUndefined();
  });

  it("still points errors at the YAML source, parsing it only when asked", () => {
    const dir = tempDir();
    writeFiles(dir, { "a.yaml": RULE("first") });
    const cache = join(tempDir(), "cache.json");
    writeRulesCache(dir, loadBuiltinRules(dir, false).rules, cache);
    const [rule] = readRulesCache(dir, cache) ?? [];
    expect(rule?.source.locate(["rules", 0, "pattern"])).toEqual({ line: 8, column: 14 });
  });
});
