import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/util/boundedMemo.js";

describe("BoundedMemo", () => {
  it("computes an input once while remembered, and starts afresh past its limit", () => {
    const computed: string[] = [];
    const memo = new BoundedMemo<string, number>(2);
    const length = (input: string) => {
      computed.push(input);
      return input.length;
    };
    expect([memo.get("a", length), memo.get("bb", length), memo.get("a", length)]).toEqual([1, 2, 1]);
    expect(computed).toEqual(["a", "bb"]);
    expect(memo.get("ccc", length)).toBe(3);
    expect(memo.get("a", length)).toBe(1);
    expect(computed).toEqual(["a", "bb", "ccc", "a"]);
  });
});
