import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonPieces, jsonText } from "../../src/report/jsonText.js";

/** What `jsonText` promises: `JSON.stringify` with two-space indentation, a newline, terminal-unsafe characters escaped. */
function expected(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}

describe("jsonPieces", () => {
  it("writes streamed arrays, at any depth, as JSON.stringify writes the whole", () => {
    const results: unknown[] = [];
    const findings: unknown[] = [];
    const empty: unknown[] = [];
    const items = [{ path: "a\u202eb.txt", lines: [1, 2], nested: { deep: ["x", { y: null }] } }, "é…\u{1F511}", 7];
    const skeleton = { head: 1, runs: [{ tool: {}, results }], findings, empty, tail: ["z"] };
    const streamed = new Map<readonly unknown[], Iterable<unknown>>([
      [results, items],
      [findings, items.map((item) => ({ item }))],
      [empty, []],
    ]);
    const whole = {
      ...skeleton,
      runs: [{ tool: {}, results: items }],
      findings: items.map((item) => ({ item })),
      empty: [],
    };
    expect(jsonText(skeleton, streamed)).toBe(expected(whole));
    expect([...jsonPieces(skeleton, streamed)].join("")).toBe(expected(whole));
  });

  it("makes each streamed item only when its piece is taken, and writes many items in several pieces", () => {
    const made: number[] = [];
    const findings: unknown[] = [];
    const items = function* () {
      for (let index = 0; index < 3000; index++) {
        made.push(index);
        yield { index, text: "x".repeat(100) };
      }
    };
    const pieces = jsonPieces({ findings }, new Map([[findings, items()]]));
    expect(pieces.next().value).toBe('{\n  "findings": ');
    expect(made).toHaveLength(0);
    const rest = [...pieces];
    expect(rest.length).toBeGreaterThan(3);
    expect(made).toHaveLength(3000);
  });

  it("leaves a value that spells a mark alone (marks carry a fresh nonce)", () => {
    const findings: unknown[] = [];
    const value = { spoof: "\u0000AAAAAAAAAAAA:0", findings };
    const text = jsonText(value, new Map([[findings, [1]]]));
    expect(JSON.parse(text)).toEqual({ spoof: "\u0000AAAAAAAAAAAA:0", findings: [1] });
  });

  it("equals JSON.stringify on any JSON value, with any of its arrays streamed", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 7 }), (value, pick) => {
        const streamed = new Map<readonly unknown[], Iterable<unknown>>();
        const skeleton = streamSome(value, pick, streamed);
        expect(jsonText(skeleton, streamed)).toBe(expected(value));
      }),
    );
  });
});

/**
 * A copy of `value` in which every array whose turn matches `pick` (and that is not inside one
 * already streamed: items are written whole) is replaced by an empty one streamed with its items.
 */
function streamSome(value: unknown, pick: number, streamed: Map<readonly unknown[], Iterable<unknown>>): unknown {
  let turn = 0;
  const copy = (node: unknown, isInside: boolean): unknown => {
    if (Array.isArray(node)) {
      if (isInside || turn++ % 8 !== pick) return node.map((item) => copy(item, isInside));
      const empty: unknown[] = [];
      streamed.set(empty, node);
      return empty;
    }
    if (node !== null && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, copy(inner, isInside)]));
    return node;
  };
  return copy(value, false);
}
