import { describe, expect, it } from "vitest";
import { base62, crc32, isValidGithubCrc32 } from "../../src/rules/checksums.js";
import { shannonEntropy } from "../../src/detect/entropy.js";
import { LineIndex } from "../../src/detect/lines.js";
import { githubToken } from "../helpers/tokens.js";

describe("entropy", () => {
  it("is 0 for one repeated symbol and log2(n) for n equally frequent symbols", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBeCloseTo(2);
    expect(shannonEntropy("0123456789abcdef")).toBeCloseTo(4);
  });
});

describe("checksums", () => {
  it("computes CRC-32 as zlib does", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("encodes base62 with left padding", () => {
    expect(base62(0, 6)).toBe("000000");
    expect(base62(61, 2)).toBe("0z");
    expect(base62(62, 1)).toBe("10");
  });

  it("accepts a token with a correct checksum and rejects one with a changed character", () => {
    const token = githubToken(11);
    expect(isValidGithubCrc32(token)).toBe(true);
    const flipped = token.slice(0, 8) + (token[8] === "a" ? "b" : "a") + token.slice(9);
    expect(isValidGithubCrc32(flipped)).toBe(false);
  });
});

describe("LineIndex", () => {
  it("maps offsets to 1-based positions and returns the line text without its terminator", () => {
    const text = "ab\r\ncd\ref\ngh";
    const index = new LineIndex(text);
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(text.indexOf("d"))).toEqual({ line: 2, column: 2 });
    expect(index.position(text.indexOf("f"))).toEqual({ line: 3, column: 2 });
    expect(index.position(text.indexOf("h"))).toEqual({ line: 4, column: 2 });
    expect(index.lineText(text.indexOf("d")).text).toBe("cd");
  });
});
