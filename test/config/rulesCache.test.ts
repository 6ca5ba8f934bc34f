import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
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
    expect(readRulesCache(dir, cache)?.[0]?.isPrevalidated).toBe(true);
    expect(loadBuiltinRules(dir, false).rules[0]?.isPrevalidated).toBeUndefined();
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

describe("built-in rules cache: documentation", () => {
  /** A modification time that survives a round trip through utimes exactly (the stamp keeps whole milliseconds). */
  const WHOLE_SECOND = 1_700_000_000;

  const DOCUMENTED = `rules:
  - id: documented
    name: N
    description: Prose only reports read
    kind: token
    severity: high
    keywords: [tok_]
    pattern: '(?<secret>tok_[a-z0-9]{8})'
    remediation: Rotate it
    examples: ['x = tok_abcd1234', 'y = tok_wxyz9876']
    negativeExamples: ['tok_short — é']
  - id: second
    name: N2
    description: "Clé — 第二 rule, after a multi-byte one"
    kind: token
    severity: low
    keywords: [sec_]
    pattern: '(?<secret>sec_[a-z0-9]{8})'
`;

  function cached(): { dir: string; cache: string } {
    const dir = tempDir();
    writeFiles(dir, { "a.yaml": DOCUMENTED });
    utimesSync(join(dir, "a.yaml"), WHOLE_SECOND, WHOLE_SECOND);
    const cache = join(tempDir(), "rules.json");
    writeRulesCache(dir, loadBuiltinRules(dir, false).rules, cache);
    return { dir, cache };
  }

  it("keeps prose and examples out of the start-up file and reads them on first use", () => {
    const { dir, cache } = cached();
    expect(readFileSync(cache, "utf8")).not.toContain("Prose only reports read");
    const [rule] = readRulesCache(dir, cache) ?? [];
    expect(Object.keys(rule?.syntax ?? {})).not.toContain("description");
    expect(rule?.syntax.description).toBe("Prose only reports read");
    expect(rule?.syntax.remediation).toBe("Rotate it");
    expect(rule?.syntax.examples).toEqual(["x = tok_abcd1234", "y = tok_wxyz9876"]);
  });

  it("reads each rule's own documentation from the docs file, wherever multi-byte text puts it", () => {
    const { dir, cache } = cached();
    // The YAML's prose changes but not its size or mtime: the cache stays valid, and what is read
    // shows where it came from (the YAML is only the fallback).
    const yaml = join(dir, "a.yaml");
    writeFileSync(
      yaml,
      readFileSync(yaml, "utf8")
        .replace("reports read", "REPORTS READ")
        .replace("Rotate", "ROTATE")
        .replace("rule, after", "RULE, AFTER"),
    );
    utimesSync(yaml, WHOLE_SECOND, WHOLE_SECOND);
    const rules = readRulesCache(dir, cache) ?? [];
    expect(rules.map((rule) => [rule.syntax.id, rule.syntax.description, rule.syntax.remediation])).toEqual([
      ["documented", "Prose only reports read", "Rotate it"],
      ["second", "Clé — 第二 rule, after a multi-byte one", undefined],
    ]);
  });

  it("reads the documentation from the YAML when the docs file is missing, corrupt or from another build", () => {
    for (const spoil of [
      (docs: string) => rmSync(docs),
      (docs: string) => writeFileSync(docs, "{not json"),
      (docs: string) => writeFileSync(docs, `{"build":"another"}\n{"description":"stale"}\n`),
    ]) {
      const { dir, cache } = cached();
      spoil(cache.replace(/\.json$/, ".docs.json"));
      const [rule] = readRulesCache(dir, cache) ?? [];
      expect(rule?.syntax.description).toBe("Prose only reports read");
      expect(rule?.syntax.negativeExamples).toEqual(["tok_short — é"]);
    }
  });
});
