import { describe, expect, it } from "vitest";
import { findEncodedSpans } from "../../src/detect/encodedSpans.js";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { scanChunk } from "../../src/detect/scanChunk.js";
import type { Chunk } from "../../src/text/chunk.js";
import { githubToken } from "../helpers/tokens.js";
import { compiled, testRule } from "./rules.js";

const token = githubToken(21);
const chunk = (text: string): Chunk => ({ text, provenance: { type: "file", path: "secret.yaml" }, startLine: 1 });
const tokenRules = createRuleSet([compiled(testRule())]);
const passwordRules = createRuleSet([
  compiled(
    testRule({
      id: "test-password",
      keywords: ["password"],
      pattern: "password:\\s*(?<secret>[A-Za-z0-9!@#]{10,40})",
      entropy: 3,
    }),
  ),
]);

describe("decoding", () => {
  it("finds a token inside base64 and points at the encoded text", () => {
    const encoded = Buffer.from(`{"token":"${token}"}`).toString("base64");
    const text = `kind: Secret\ndata:\n  config: ${encoded}\n`;
    const [found] = scanChunk(tokenRules, chunk(text));
    expect(found?.secret).toBe(token);
    expect(found?.decodedFrom).toEqual(["base64"]);
    expect([found?.startLine, found?.startColumn, found?.endColumn]).toEqual([3, 11, 11 + encoded.length]);
  });

  it("keeps the key name in front of a decoded value, as in a Kubernetes Secret's data", () => {
    const encoded = Buffer.from("Zr7!kQ2@xLp9Wm").toString("base64");
    const found = scanChunk(passwordRules, chunk(`data:\n  password: ${encoded}\n`));
    expect(found.map((f) => [f.secret, f.decodedFrom])).toContainEqual(["Zr7!kQ2@xLp9Wm", ["base64"]]);
  });

  it("decodes hex, percent-encoding and \\u escapes, and two nested layers but not three", () => {
    const hex = Buffer.from(`t=${token}`).toString("hex");
    const percent = [...`t=${token}`].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
    const escaped = [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    for (const [text, encoding] of [
      [hex, "hex"],
      [percent, "percent"],
      [`"${escaped}"`, "escape"],
    ] as const) {
      expect(
        scanChunk(tokenRules, chunk(`v: ${text}`)).map((f) => f.decodedFrom?.[0]),
        encoding,
      ).toEqual([encoding]);
    }
    const twice = Buffer.from(`x=${Buffer.from(`t=${token}`).toString("base64")}`).toString("base64");
    expect(scanChunk(tokenRules, chunk(`v: ${twice}`)).map((f) => f.decodedFrom)).toEqual([["base64", "base64"]]);
    const thrice = Buffer.from(`y=${twice}`).toString("base64");
    expect(scanChunk(tokenRules, chunk(`v: ${thrice}`))).toHaveLength(0);
    expect(
      scanChunk(tokenRules, chunk(`v: ${Buffer.from(token).toString("base64")}`), {
        maxDecodeDepth: 0,
        timeoutMs: 10_000,
      }),
    ).toHaveLength(0);
  });

  it("reads a token with one percent-encoded character after token%3D (two escapes in the run)", () => {
    const hidden = `${token.slice(0, 10)}%${token.charCodeAt(10).toString(16).toUpperCase()}${token.slice(11)}`;
    const [found] = scanChunk(tokenRules, chunk(`url: https://x.test/cb?token%3D${hidden}`));
    expect([found?.secret, found?.decodedFrom]).toEqual([token, ["percent"]]);
    expect(scanChunk(tokenRules, chunk("url: https://x.test/a%20b/c"))).toEqual([]);
  });

  it("ignores encoded runs that decode to binary, like lock-file integrity hashes", () => {
    const integrity =
      '"integrity": "sha512-Kq3vQz0h7XnYbWQ0o3r3wT2Vb1QXo7aG9sV9lD3x8fP0mN2cR7yT5uE4iO1pA6sD8fG0hJ2kL4zX6cV8bN0mQ=="';
    expect(findEncodedSpans(integrity)).toEqual([]);
  });
});
