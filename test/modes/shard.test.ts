import { describe, expect, it } from "vitest";
import { isInShard } from "../../src/modes/shard.js";

const KEYS = Array.from({ length: 2000 }, (_, i) => `src/dir${i % 37}/file${i}.ts`);

describe("isInShard", () => {
  it.each([1, 2, 3, 7])("puts every key in exactly one of %i shards", (count) => {
    for (const key of KEYS) {
      const owners = Array.from({ length: count }, (_, i) => i + 1).filter((index) => isInShard({ index, count }, key));
      expect(owners).toHaveLength(1);
    }
  });

  it("splits by the key, not by the order keys come in", () => {
    const forward = KEYS.filter((key) => isInShard({ index: 1, count: 2 }, key));
    const backward = [...KEYS].reverse().filter((key) => isInShard({ index: 1, count: 2 }, key));
    expect(new Set(backward)).toEqual(new Set(forward));
  });

  it("spreads keys evenly: each of 2 shards gets 45–55% of them", () => {
    const share = KEYS.filter((key) => isInShard({ index: 1, count: 2 }, key)).length / KEYS.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });
});
