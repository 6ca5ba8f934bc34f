import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { KeywordAutomaton } from "../../src/detect/ahoCorasick.js";
import { KeywordPrefilter } from "../../src/detect/prefilter.js";
import { textOffsets } from "../../src/detect/utf16Offsets.js";
import { regexAnchor } from "../../src/rules/anchors.js";
import { compiled, testRule } from "./rules.js";

/** The reference: lower-case both sides and search for each keyword. */
function naive(keywords: string[], text: string): number[] {
  const lower = text.toLowerCase();
  return keywords
    .flatMap((keyword, index) => (lower.includes(keyword.toLowerCase()) ? [index] : []))
    .sort((a, b) => a - b);
}

const ALWAYS = Number.POSITIVE_INFINITY;

/** Every way of finding keywords: the DFA from the first input, the buckets used before it is built, and the search before them. */
const finders = [
  ["DFA", (keywords: string[]) => new KeywordAutomaton(keywords, { smallInputBytes: 0 })],
  ["buckets", (keywords: string[]) => new KeywordAutomaton(keywords, { smallInputBytes: ALWAYS, searchInputBytes: 0 })],
  [
    "search",
    (keywords: string[]) => new KeywordAutomaton(keywords, { smallInputBytes: ALWAYS, searchInputBytes: ALWAYS }),
  ],
] as const;

describe("KeywordAutomaton", () => {
  for (const [name, build] of finders) {
    it(`${name}: finds overlapping, nested and case-differing keywords`, () => {
      const keywords = ["ghp_", "hp_", "AKIA", "akia", "sk_live_", "live", "e"];
      const found = [...build(keywords).matches("x GHP_ab sk_LIVE_ akIa")].sort((a, b) => a - b);
      expect(found).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it(`${name}: agrees with a naive case-insensitive substring search on random input`, () => {
      const alphabet = fc.constantFrom("a", "b", "A", "B", "_", "-", "é", "0");
      const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((chars) => chars.join("").replace(/é/g, "e"));
      fc.assert(
        fc.property(
          fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
          fc.array(alphabet, { maxLength: 60 }),
          (keywords, chars) => {
            const text = chars.join("");
            expect([...build(keywords).matches(text)].sort((a, b) => a - b)).toEqual(naive(keywords, text));
          },
        ),
        { seed: 7, numRuns: 500 },
      );
    });
  }

  it("switches from the buckets to the DFA past its small-input budget, finding the same keywords", () => {
    const automaton = new KeywordAutomaton(["token", "ab"], { smallInputBytes: 10 });
    const text = "x TOKEN y";
    expect([...automaton.matches(text)]).toEqual([0]);
    expect([...automaton.matches(`${text} ab`)].sort((a, b) => a - b)).toEqual([0, 1]);
    expect([...automaton.scanUtf8(Buffer.from("aB tok")).keywords]).toEqual([1]);
  });

  it("searches, then uses the buckets, then the DFA as its budgets run out, finding the same keywords", () => {
    const automaton = new KeywordAutomaton(["token", "AB"], { smallInputBytes: 30, searchInputBytes: 10 });
    for (const text of ["x TOKEN y", "é tOkEn Ab", "ab token", "no keyword", "ToKeN"])
      expect([...automaton.matches(text)].sort((a, b) => a - b)).toEqual(naive(["token", "AB"], text));
  });
});

describe("KeywordAutomaton.scanUtf8", () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const sorted = (found: Set<number>) => [...found].sort((a, b) => a - b);
  const loops = [
    ["WebAssembly", (keywords: string[]) => new KeywordAutomaton(keywords, { useWasm: true })],
    ["JavaScript", (keywords: string[]) => new KeywordAutomaton(keywords, { useWasm: false, smallInputBytes: 0 })],
    [
      "buckets",
      (keywords: string[]) =>
        new KeywordAutomaton(keywords, { useWasm: false, smallInputBytes: ALWAYS, searchInputBytes: 0 }),
    ],
    [
      "search",
      (keywords: string[]) =>
        new KeywordAutomaton(keywords, { useWasm: false, smallInputBytes: ALWAYS, searchInputBytes: ALWAYS }),
    ],
  ] as const;

  for (const [name, build] of loops) {
    it(`${name}: agrees with the text search on UTF-8 input of any length, non-ASCII included`, () => {
      const alphabet = fc.constantFrom("a", "b", "K", "_", "-", "é", "€", "😀", "\n", "0");
      const word = fc
        .array(fc.constantFrom("a", "b", "k", "_", "-", "0"), { minLength: 1, maxLength: 12 })
        .map((chars) => chars.join(""));
      fc.assert(
        fc.property(
          fc.uniqueArray(word, { minLength: 1, maxLength: 6 }),
          fc.array(alphabet, { maxLength: 3000 }),
          (keywords, chars) => {
            const text = chars.join("");
            const automaton = build(keywords);
            expect(sorted(automaton.scanUtf8(encoder.encode(text)).keywords)).toEqual(sorted(automaton.matches(text)));
          },
        ),
        { seed: 11, numRuns: 300 },
      );
    });

    it(`${name}: agrees with the text search on invalid UTF-8 (decoded with replacement characters)`, () => {
      const byte = fc.oneof(fc.constantFrom(0x61, 0x62, 0x4b, 0x5f), fc.integer({ min: 0, max: 255 }));
      fc.assert(
        fc.property(fc.array(byte, { maxLength: 2000 }), (values) => {
          const bytes = Uint8Array.from(values);
          const automaton = build(["ab", "kab_", "b_a"]);
          expect(sorted(automaton.scanUtf8(bytes).keywords)).toEqual(sorted(automaton.matches(decoder.decode(bytes))));
        }),
        { seed: 12, numRuns: 300 },
      );
    });

    it(`${name}: finds a keyword that straddles any boundary between the passes`, () => {
      const keyword = "straddling_keyword_0123456789";
      const automaton = build([keyword, "zz"]);
      for (let size = keyword.length; size < 400; size += 7) {
        for (let at = 0; at + keyword.length <= size; at += 3) {
          const text = "x".repeat(at) + keyword + "y".repeat(size - at - keyword.length);
          expect(sorted(automaton.scanUtf8(encoder.encode(text)).keywords), `size ${size}, at ${at}`).toEqual([0]);
        }
      }
    });
  }

  it("finds each keyword once however often it occurs, and nothing in empty input", () => {
    const automaton = new KeywordAutomaton(["key", "token"]);
    expect(sorted(automaton.scanUtf8(encoder.encode("key token KEY ".repeat(5000))).keywords)).toEqual([0, 1]);
    expect(sorted(automaton.scanUtf8(new Uint8Array(0)).keywords)).toEqual([]);
  });
});

describe("KeywordAutomaton.scanUtf8 occurrences", () => {
  it("gives every start of every tracked keyword, in order, wherever the passes split the input", () => {
    const keywords = ["key", "name", "api_key", "ke", "token"];
    const automaton = new KeywordAutomaton(keywords, { tracked: new Set([0, 1, 2]) });
    const piece = fc.constantFrom("key", "KEY", "name", "api_key", "x", " ", "ke", "token", "é", "\n");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 800 }), (pieces) => {
        const bytes = new TextEncoder().encode(pieces.join(""));
        const lower = new TextDecoder("latin1").decode(bytes).toLowerCase();
        const { ends } = automaton.scanUtf8(bytes);
        expect(ends).toBeDefined();
        const tracked = automaton.trackedStarts(ends as NonNullable<typeof ends>);
        for (const index of [0, 1, 2]) {
          const expected = [...lower.matchAll(new RegExp(keywords[index] as string, "g"))].map((match) => match.index);
          expect([...tracked.of(automaton.trackedIds[index] as number)]).toEqual(expected);
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});

describe("KeywordPrefilter.scanUtf8", () => {
  it("selects the same rules from a file's bytes as from its text, for every built-in rule over the accuracy corpus", () => {
    const prefilter = new KeywordPrefilter(
      resolveRules(loadBuiltinRules(BUILTIN_RULES_DIR, false).rules, undefined).rules,
    );
    const dirs = ["positive", "negative"].map((name) => join("fixtures", "accuracy", name));
    const files = dirs.flatMap((dir) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name)),
    );
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const bytes = readFileSync(file);
      const text = new TextDecoder().decode(bytes);
      expect(prefilter.scanUtf8(bytes, () => text, undefined).rules, file).toEqual(prefilter.candidates(text));
    }
  });
});

describe("KeywordPrefilter anchor starts", () => {
  const pattern = "(?<![A-Za-z0-9_])(?<secret>SK[0-9a-f]{32})";
  const starts = (ignoreCase: boolean, text: string) => {
    const rule = compiled(testRule({ id: "twilio-like", keywords: ["sid"], pattern, ignoreCase }));
    const prefilter = new KeywordPrefilter([rule], [regexAnchor(pattern)]);
    const bytes = Buffer.from(text);
    const candidates = prefilter.scanUtf8(bytes, () => text, textOffsets(bytes));
    return Array.from(candidates.anchorStarts(0) ?? []);
  };
  const text = "sid: ask3 SKa task SK9 é Skf SK_ SKe";

  it("keeps only the places where a literal is spelt as the pattern spells it (offsets in text, past non-ASCII)", () => {
    expect(starts(false, text)).toEqual([text.indexOf("SKa"), text.indexOf("SK9"), text.indexOf("SKe")]);
  });

  it("keeps every place for a rule that ignores case", () => {
    expect(starts(true, text)).toEqual(["sk3", "SKa", "SK9", "Skf", "SKe"].map((spelt) => text.indexOf(spelt)));
  });
});
