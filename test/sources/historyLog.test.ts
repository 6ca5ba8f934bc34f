import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { nulTokenBatches } from "../../src/sources/historyLog.js";

async function tokensOf(pieces: Buffer[]): Promise<string[]> {
  const tokens: string[] = [];
  for await (const batch of nulTokenBatches(Readable.from(pieces))) tokens.push(...batch);
  return tokens;
}

describe("nulTokenBatches", () => {
  const tokens = ["\u0001abc", "", "päth/日本語.txt", ":100644 100644 aa bb M", "😀 subject", "last"];
  const bytes = Buffer.from(tokens.join("\0"));

  it("gives the same tokens however the stream is cut, even inside a multi-byte character", async () => {
    for (let size = 1; size <= bytes.length; size++) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
      expect(await tokensOf(pieces), `pieces of ${size}`).toEqual(tokens);
    }
  });

  it("drops nothing after a final NUL and yields a final token without one", async () => {
    expect(await tokensOf([Buffer.from("a\0b\0")])).toEqual(["a", "b"]);
    expect(await tokensOf([Buffer.from("a\0"), Buffer.from("tail")])).toEqual(["a", "tail"]);
    expect(await tokensOf([])).toEqual([]);
  });
});
