import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadBuiltinRules } from "../../src/config/builtinRules.js";
import { resolveRules } from "../../src/config/resolveRules.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { scanChunk } from "../../src/detect/scanChunk.js";
import { utf16Offsets } from "../../src/detect/utf16Offsets.js";
import { windowedMatches, windowedRegex } from "../../src/detect/windowed.js";
import { regexAnchor } from "../../src/rules/anchors.js";
import { compiled, testRule } from "./rules.js";

describe("utf16Offsets", () => {
  it("maps the byte offset of every ASCII character to its offset in the decoded text", () => {
    const dense = fc.constantFrom("a", "k", "=", "\n", "é", "€", "😀", "ß");
    const sparse = fc.oneof(
      { arbitrary: fc.constantFrom("a", "k", "=", " "), weight: 200 },
      { arbitrary: fc.constantFrom("é", "€", "😀"), weight: 1 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(dense, { maxLength: 400 }), fc.array(sparse, { maxLength: 3000 })), (chars) => {
        const text = chars.join("");
        const bytes = new TextEncoder().encode(text);
        const asciiAt = [...text]
          .flatMap((_, i) => (text.charCodeAt(i) < 0x80 ? [i] : []))
          .filter((i) => i < text.length);
        const byteOffsets = Int32Array.from(asciiAt, (i) => Buffer.byteLength(text.slice(0, i)));
        expect([...utf16Offsets(bytes, byteOffsets)]).toEqual(asciiAt);
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it("maps offsets across 4 KiB blocks with characters split over their edges", () => {
    const sprinkled = Array.from({ length: 3000 }, (_, i) => (i % 997 === 0 ? "😀" : i % 389 === 0 ? "é" : "ab"));
    const text = `${"a".repeat(4095)}😀b${"c".repeat(4093)}éd${sprinkled.join("")}`;
    const bytes = new TextEncoder().encode(text);
    const asciiAt = [...text.matchAll(/[a-z]/g)].map((match) => match.index);
    const byteOffsets = Int32Array.from(asciiAt, (i) => Buffer.byteLength(text.slice(0, i)));
    expect([...utf16Offsets(bytes, byteOffsets)]).toEqual(asciiAt);
  });
});

describe("windowedMatches", () => {
  it("finds what a global search finds, back-to-back, overlapping windows and empty matches included", () => {
    const rule = compiled(testRule({ pattern: "[a-z]{0,3}-?(?:key|pass)(?<secret>[0-9]{0,4})", keywords: ["key"] }));
    const anchor = regexAnchor(rule.syntax.pattern);
    expect(anchor).toEqual({ literals: ["key", "pass"], maxOffset: 4 });
    const windowed = windowedRegex(rule, anchor as NonNullable<typeof anchor>);
    const token = fc.constantFrom("key", "pass", "ab", "-", "7", "12", " ", "x", "KEY");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const text = tokens.join("");
        const lower = text.toLowerCase();
        const starts = [
          ...(anchor as NonNullable<typeof anchor>).literals.flatMap((literal) =>
            [...lower.matchAll(new RegExp(literal, "g"))].map((m) => m.index),
          ),
        ].sort((a, b) => a - b);
        const got = [...windowedMatches(windowed, text, starts)].map((m) => m.indices?.[1]);
        const expected = [...text.matchAll(new RegExp(rule.regex.source, rule.regex.flags))].map((m) => m.indices?.[0]);
        expect(got).toEqual(expected);
      }),
      { seed: 22, numRuns: 500 },
    );
  });
});

describe("scanChunk with anchored rules", () => {
  const rules = resolveRules(loadBuiltinRules(BUILTIN_RULES_DIR, false).rules, undefined).rules;
  const plain = createRuleSet(rules);
  const anchored = createRuleSet(rules, undefined, { anchors: rules.map((rule) => regexAnchor(rule.syntax.pattern)) });
  const scanBoth = (text: string) => {
    const utf8 = new TextEncoder().encode(text);
    const chunk = () => ({ text, utf8, provenance: { type: "stdin" as const, path: "src/config.js" }, startLine: 1 });
    const strip = (found: ReturnType<typeof scanChunk>) =>
      found.map(({ rule, ...rest }) => ({ rule: rule.id, ...rest }));
    return [strip(scanChunk(anchored, chunk())), strip(scanChunk(plain, chunk()))];
  };

  it("finds exactly what full regex runs find, on the accuracy corpus and every rule's examples", () => {
    const files = ["positive", "negative"].flatMap((name) => {
      const dir = join("fixtures", "accuracy", name);
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"));
    });
    const examples = rules.flatMap((rule) => [
      ...(rule.syntax.examples ?? []),
      ...(rule.syntax.negativeExamples ?? []),
    ]);
    let findings = 0;
    for (const text of [...files, examples.join("\n"), examples.join(" é "), examples.join("😀\n")]) {
      const [windowed, full] = scanBoth(text);
      expect(windowed).toEqual(full);
      findings += full?.length ?? 0;
    }
    expect(findings).toBeGreaterThan(1000);
  });

  it("finds exactly what full regex runs find on examples spliced with non-ASCII text and keywords", () => {
    const examples = rules.flatMap((rule) => rule.syntax.examples ?? []);
    const piece = fc.oneof(
      fc.constantFrom(...examples),
      fc.constantFrom("é", "😀", "€ ", "\n", "key=", "token: ", 'name="api_token" value=', " pass", "://u:"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const [windowed, full] = scanBoth(pieces.join(""));
        expect(windowed).toEqual(full);
      }),
      { seed: 23, numRuns: 400 },
    );
  });
});
