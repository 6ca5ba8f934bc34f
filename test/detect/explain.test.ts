import { describe, expect, it } from "vitest";
import { explainText } from "../../src/detect/explain.js";
import { scanChunk } from "../../src/detect/scanChunk.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { githubToken, randomString } from "../helpers/tokens.js";
import { compiled, testRule } from "./rules.js";

const github = compiled(testRule({ id: "github-like", checksum: "github-crc32", entropy: 3 }));
const lowEntropy = compiled(
  testRule({ id: "strict-entropy", keywords: ["tok_"], pattern: "(?<secret>tok_[a-z]{20})", entropy: 4.5 }),
);
const pathBound = compiled(
  testRule({
    id: "env-only",
    keywords: ["env_"],
    pattern: "(?<secret>env_[a-z0-9]{20})",
    paths: { include: ["**/.env"] },
  }),
);
const ruleSet = createRuleSet([github, lowEntropy, pathBound]);

describe("explainText: why a text gave no finding", () => {
  it("names no rule when no keyword is present", () => {
    expect(explainText(ruleSet, "nothing to see here", "a.txt")).toEqual([]);
  });

  it("says the regex matched nothing when a keyword is present without a token", () => {
    expect(explainText(ruleSet, "ghp_ alone", "a.txt")).toEqual([{ ruleId: "github-like", reason: "no-match" }]);
  });

  it("names the checksum when a token's CRC-32 tail is wrong, and the text is indeed not reported", () => {
    const token = githubToken(7);
    const broken = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    const text = `t = "${broken}"`;
    expect(scanChunk(ruleSet, { text, provenance: { type: "file", path: "a.txt" }, startLine: 1 })).toEqual([]);
    expect(explainText(ruleSet, text, "a.txt")).toEqual([{ ruleId: "github-like", reason: "checksum" }]);
  });

  it("names the entropy floor and the path globs", () => {
    expect(explainText(ruleSet, "tok_aaaaaaaaaaaaaaaaaaaa", "a.txt")).toEqual([
      { ruleId: "strict-entropy", reason: "entropy" },
    ]);
    expect(explainText(ruleSet, `env_${randomString(3, 20).toLowerCase()}`, "src/a.txt")).toEqual([
      { ruleId: "env-only", reason: "path" },
    ]);
  });

  it("says a match passes when the rule would report it", () => {
    expect(explainText(ruleSet, `t = "${githubToken(9)}"`, "a.txt")).toEqual([
      { ruleId: "github-like", reason: "passes" },
    ]);
  });
});
