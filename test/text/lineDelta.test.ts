import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { commonLength, lineTable, sharedEdges } from "../../src/text/lineDelta.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

/** Shared first and last lines of `next` with `base`, as `history` computes them. */
function edges(base: string, next: string): { prefix: number; suffix: number } {
  const baseTable = lineTable(bytes(base));
  return sharedEdges(bytes(base), baseTable.starts.length, bytes(next), lineTable(bytes(next)));
}

describe("line tables", () => {
  it.each([
    ["a\nb\nc", [0, 2, 4]],
    ["a\r\nb\r\n", [0, 3, 6]],
    ["a\rb\r\nc\n", [0, 2, 5, 7]],
    ["", [0]],
  ])("number %j's lines as editors do (LF, CRLF, lone CR)", (text, starts) => {
    expect([...lineTable(bytes(text)).starts]).toEqual(starts);
  });

  it("finds every line of LF text, however lines sit against 16-byte blocks and 1 MiB slices", () => {
    const reference = (text: string) => [
      0,
      ...[...bytes(text).entries()].flatMap(([offset, byte]) => (byte === 10 ? [offset + 1] : [])),
    ];
    const line = fc.string({ unit: fc.constantFrom("a", "é", " ", "\t"), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const text = lines.join("\n");
        expect([...lineTable(bytes(text)).starts]).toEqual(reference(text));
      }),
      { seed: 3, numRuns: 200 },
    );
    const long = `${"x".repeat(1024 * 1024 - 1)}\n\n${"y\n".repeat(40_000)}z`;
    expect([...lineTable(bytes(long)).starts]).toEqual(reference(long));
  });
});

describe("shared edges of two versions", () => {
  it.each([
    [
      "a line appended (the empty line after the last break stays with the change)",
      "a\nb\nc\n",
      "a\nb\nc\nd\n",
      { prefix: 3, suffix: 0 },
    ],
    ["a line changed in the middle", "a\nb\nc\nd\n", "a\nb\nX\nd\n", { prefix: 2, suffix: 2 }],
    ["a line inserted at the top", "a\nb\n", "x\na\nb\n", { prefix: 0, suffix: 2 }],
    ["the last line extended (no newline at the end)", "a\nb", "a\nbc", { prefix: 1, suffix: 0 }],
    ["a newline added at the end", "a\nb", "a\nb\n", { prefix: 1, suffix: 0 }],
    ["CRLF turned into LF", "a\r\nb\r\n", "a\nb\n", { prefix: 0, suffix: 1 }],
    ["repeated lines never counted twice", "x\nx\nx\n", "x\nx\nx\nx\n", { prefix: 3, suffix: 0 }],
  ])("%s", (_, base, next, expected) => {
    expect(edges(base, next)).toEqual(expected);
  });

  it("are the lines a comparison of the two versions line by line finds shared, on random edits", () => {
    const text = fc
      .array(fc.constantFrom("a", "b", "\n", "\r\n", "\r"), { maxLength: 40 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, text, text, text, (head, baseMiddle, nextMiddle, tail) => {
        const [base, next] = [head + baseMiddle + tail, head + nextMiddle + tail];
        expect(edges(base, next)).toEqual(edgesLineByLine(base, next));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

/**
 * The reference: the shared bytes at each edge found byte by byte, then the table's lines walked
 * one at a time from each end: whole lines (terminator included) inside the shared prefix, the
 * last only when both versions end with it; lines after a break inside the shared suffix.
 */
function edgesLineByLine(base: string, next: string): { prefix: number; suffix: number } {
  const [a, b] = [bytes(base), bytes(next)];
  const table = lineTable(b);
  const lines = table.starts.length;
  const baseLines = lineTable(a).starts.length;
  const shorter = Math.min(a.length, b.length);
  let prefixBytes = 0;
  while (prefixBytes < shorter && a[prefixBytes] === b[prefixBytes]) prefixBytes++;
  let suffixBytes = 0;
  while (suffixBytes < shorter - prefixBytes && a[a.length - 1 - suffixBytes] === b[b.length - 1 - suffixBytes])
    suffixBytes++;
  let prefix = 0;
  while (prefix < lines) {
    const end = prefix + 1 < lines ? (table.starts[prefix + 1] as number) : b.length;
    if (end > prefixBytes || (prefix === lines - 1 && a.length !== b.length)) break;
    prefix++;
  }
  let suffix = 0;
  while (suffix < lines - prefix && suffix < baseLines - prefix) {
    const start = table.starts[lines - 1 - suffix] as number;
    if (start === 0 || start - 1 < b.length - suffixBytes) break;
    suffix++;
  }
  return { prefix, suffix };
}

describe("common length", () => {
  it("is the length of the longest equal prefix, whatever the sizes and where the first difference is", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (max, firstDifference) => {
        const compared: Array<[number, number]> = [];
        const isEqualSpan = (from: number, to: number) => {
          compared.push([from, to]);
          return to <= firstDifference;
        };
        expect(commonLength(max, isEqualSpan)).toBe(Math.min(max, firstDifference));
        const units = compared.reduce((sum, [from, to]) => sum + (to - from), 0);
        expect(units).toBeLessThanOrEqual(3 * max + 256);
      }),
    );
  });
});
