import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { regexAnchor } from "../../src/rules/anchors.js";

describe("regexAnchor", () => {
  it("finds literals every match must contain, and how far from the start they may begin", () => {
    expect(regexAnchor("(?<![A-Za-z0-9_])(?<secret>ghp_[A-Za-z0-9]{36})")).toEqual({
      literals: ["ghp_"],
      maxOffset: 0,
    });
    expect(regexAnchor("(?:token|secret)[ \\t]{0,4}=")).toEqual({ literals: ["secret", "token"], maxOffset: 0 });
    expect(regexAnchor("[a-z]{0,3}-?KEY_[0-9]+")).toEqual({ literals: ["key_"], maxOffset: 4 });
    expect(regexAnchor("(?:[Tt]elegram|BOT)x")).toEqual({ literals: ["bot", "telegram"], maxOffset: 0 });
    expect(regexAnchor("(?:ab|cd){1,3}secret")).toEqual({ literals: ["secret"], maxOffset: 6 });
  });

  it("spells out short literals through small classes and groups, case and all, when no longer literal anchors", () => {
    const hex = [..."0123456789abcdef"];
    expect(regexAnchor("(?<![A-Za-z0-9_])(?<secret>SK[0-9a-f]{32})")).toEqual({
      literals: hex.map((digit) => `sk${digit}`),
      maxOffset: 0,
      exact: hex.map((digit) => `SK${digit}`).sort(),
    });
    expect(regexAnchor("(?<![0-9])[0-9]{15,16}\\|[a-f0-9]{32}")).toEqual({
      literals: hex.map((digit) => `|${digit}`),
      maxOffset: 16,
      exact: hex.map((digit) => `|${digit}`),
    });
    expect(regexAnchor("nf[pcoub]_[A-Za-z0-9]{36}")).toEqual({
      literals: ["nfb_", "nfc_", "nfo_", "nfp_", "nfu_"],
      maxOffset: 0,
      exact: ["nfb_", "nfc_", "nfo_", "nfp_", "nfu_"],
    });
    expect(regexAnchor("(?:token|ab)=")).toEqual({
      literals: ["ab=", "token="],
      maxOffset: 0,
      exact: ["ab=", "token="],
    });
    expect(regexAnchor("\\$(?:1|apr1)\\$")).toEqual({
      literals: ["$1$", "$apr1$"],
      maxOffset: 0,
      exact: ["$1$", "$apr1$"],
    });
    expect(regexAnchor("Y(?<![A-Z]Y)C[A-Za-z0-9_-]{38}")).toEqual({ literals: ["yc"], maxOffset: 0, exact: ["YC"] });
    expect(regexAnchor("[A-Za-z0-9]{3}[0-9]Q~")).toEqual({
      literals: [..."0123456789"].map((digit) => `${digit}q~`),
      maxOffset: 3,
      exact: [..."0123456789"].map((digit) => `${digit}Q~`),
    });
    expect(regexAnchor("(?:ab|cd)+secret")).toEqual({ literals: ["ab", "cd"], maxOffset: 0, exact: ["ab", "cd"] });
    expect(regexAnchor("(?:SK)[0-9a-f]{32}")?.exact).toHaveLength(16);
    expect(regexAnchor("[Ss]k_[0-9]")).toEqual({
      literals: ["sk_"],
      maxOffset: 0,
    });
  });

  it("has none when some match need not contain a long enough literal, or one may start too far away", () => {
    expect(regexAnchor("(?:token|a)\\s")).toBeUndefined();
    expect(regexAnchor("(?i:SK)[0-9a-f]{32}")).toBeUndefined();
    expect(regexAnchor("[0-9a-f]{32}")).toBeUndefined();
    expect(regexAnchor("(?:ab)?[A-Za-z]{2}")).toBeUndefined();
    expect(regexAnchor("[a-z]{0,100}SK")).toBeUndefined();
    expect(regexAnchor("(?:secret)?[0-9]{32}")).toBeUndefined();
    expect(regexAnchor("[^\\n]*password")).toBeUndefined();
    expect(regexAnchor("[a-z]{0,100}password")).toBeUndefined();
    expect(regexAnchor("(?:a|c)+secret")).toBeUndefined();
    expect(regexAnchor("(a)\\1secret")).toBeUndefined();
    expect(regexAnchor("(")).toBeUndefined();
  });
});

/** Every built-in rule's matches over real text start at most `maxOffset` before one of its literals. */
describe("regexAnchor on the built-in rules", () => {
  const rules = resolveRules(loadBuiltinRules(BUILTIN_RULES_DIR, false).rules, undefined).rules;
  const corpus = ["positive", "negative"].flatMap((name) => {
    const dir = join("fixtures", "accuracy", name);
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"));
  });

  it("is sound: each match holds an anchor literal where the anchor says", () => {
    let checked = 0;
    for (const rule of rules) {
      const anchor = regexAnchor(rule.syntax.pattern);
      if (!anchor) continue;
      for (const text of [...corpus, ...(rule.syntax.examples ?? []), ...(rule.syntax.negativeExamples ?? [])]) {
        const regex = new RegExp(rule.regex.source, rule.regex.flags);
        for (const match of text.matchAll(regex)) {
          const head = text
            .slice(
              match.index,
              match.index + anchor.maxOffset + Math.max(...anchor.literals.map((literal) => literal.length)),
            )
            .toLowerCase();
          const found = anchor.literals.some((literal) => {
            const at = head.indexOf(literal);
            return at >= 0 && at <= anchor.maxOffset && at + literal.length <= match[0].length;
          });
          expect(found, `${rule.id}: ${JSON.stringify(anchor)}`).toBe(true);
          const exact = rule.syntax.ignoreCase ? undefined : anchor.exact;
          const isSpelt = exact?.some((spelling) => {
            const at = match[0].indexOf(spelling);
            return at >= 0 && at <= anchor.maxOffset;
          });
          if (exact) expect(isSpelt, `${rule.id}: ${JSON.stringify(exact)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("anchors most rules", () => {
    const anchored = rules.filter((rule) => regexAnchor(rule.syntax.pattern)).length;
    expect(anchored / rules.length).toBeGreaterThan(0.8);
  });
});
