import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeywordAutomaton } from "../../src/detect/ahoCorasick.js";

/** The reference: lower-case both sides and search for each keyword. */
function naive(keywords: string[], text: string): number[] {
  const lower = text.toLowerCase();
  return keywords.flatMap((keyword, index) => (lower.includes(keyword.toLowerCase()) ? [index] : [])).sort((a, b) => a - b);
}

describe("KeywordAutomaton", () => {
  it("finds overlapping, nested and case-differing keywords", () => {
    const keywords = ["ghp_", "hp_", "AKIA", "akia", "sk_live_", "live", "e"];
    const found = [...new KeywordAutomaton(keywords).matches("x GHP_ab sk_LIVE_ akIa")].sort((a, b) => a - b);
    expect(found).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("agrees with a naive case-insensitive substring search on random input", () => {
    const alphabet = fc.constantFrom("a", "b", "A", "B", "_", "-", "é", "0");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((chars) => chars.join("").replace(/é/g, "e"));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 8 }), fc.array(alphabet, { maxLength: 60 }), (keywords, chars) => {
        const text = chars.join("");
        expect([...new KeywordAutomaton(keywords).matches(text)].sort((a, b) => a - b)).toEqual(naive(keywords, text));
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
