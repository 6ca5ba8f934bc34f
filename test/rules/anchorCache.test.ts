import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import {
  ANCHOR_CACHE_FILE,
  anchorsOf,
  readAnchorCache,
  writeAnchorCache,
  type AnchorAnalysis,
} from "../../src/rules/anchorCache.js";
import { regexAnchor } from "../../src/rules/anchors.js";
import { tempDir } from "../helpers/files.js";

describe("anchor cache", () => {
  it("holds, as built, every built-in rule's pattern with exactly what the analysis says", () => {
    expect(existsSync(ANCHOR_CACHE_FILE)).toBe(true);
    const cache = readAnchorCache();
    const patterns = loadBuiltinRules(BUILTIN_RULES_DIR, false).rules.flatMap((rule) => rule.syntax.pattern ?? []);
    expect(patterns.length).toBeGreaterThan(300);
    for (const pattern of patterns)
      expect([pattern, cache.get(pattern)]).toEqual([pattern, regexAnchor(pattern) ?? null]);
    expect([...cache.values()].filter((anchor) => anchor !== null).length).toBeGreaterThan(250);
  });

  it("answers from the cache without loading the analysis when every pattern is in it", async () => {
    const file = join(tempDir(), "anchors.json");
    writeAnchorCache(["ghp_[a-z]{4}", "[0-9]{32}", "ghp_[a-z]{4}"], regexAnchor, file);
    const cache = readAnchorCache(file);
    expect(cache.size).toBe(2);
    let loads = 0;
    const load = async (): Promise<AnchorAnalysis> => {
      loads += 1;
      return regexAnchor;
    };
    expect(await anchorsOf(["[0-9]{32}", "ghp_[a-z]{4}"], cache, load)).toEqual([
      undefined,
      { literals: ["ghp_"], maxOffset: 0 },
    ]);
    expect(loads).toBe(0);
  });

  it("analyses only the patterns the cache lacks, and a missing cache is empty", async () => {
    const stale = new Map([["secret=(x)", { literals: ["wrong"], maxOffset: 9 }]]);
    const asked: string[] = [];
    const analyse: AnchorAnalysis = (source) => {
      asked.push(source);
      return regexAnchor(source);
    };
    expect(await anchorsOf(["secret=(x)", "token=(y)"], stale, async () => analyse)).toEqual([
      { literals: ["wrong"], maxOffset: 9 },
      { literals: ["token="], maxOffset: 0 },
    ]);
    expect(asked).toEqual(["token=(y)"]);
    expect(readAnchorCache(join(tempDir(), "none.json")).size).toBe(0);
  });
});
