import { describe, expect, it } from "vitest";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { scanChunk } from "../../src/detect/scanChunk.js";
import { compileAllow } from "../../src/rules/compileAllow.js";
import type { Chunk } from "../../src/text/chunk.js";
import { githubToken } from "../helpers/tokens.js";
import { compiled, testRule } from "./rules.js";

const token = githubToken(1);
const chunk = (text: string, startLine = 1, path = "app.py"): Chunk => ({
  text,
  provenance: { type: "file", path },
  startLine,
});

describe("scanChunk", () => {
  const ruleSet = createRuleSet([compiled(testRule())]);

  it("reports the secret group with 1-based line and column, end column exclusive", () => {
    const [found] = scanChunk(ruleSet, chunk(`a = 1\n  token = "${token}"\n`));
    expect(found?.secret).toBe(token);
    expect([found?.startLine, found?.startColumn, found?.endLine, found?.endColumn]).toEqual([
      2,
      12,
      2,
      12 + token.length,
    ]);
  });

  it("counts CRLF and lone CR line endings as one line break each", () => {
    const crlf = scanChunk(ruleSet, chunk(`a\r\nb\r\nx ${token}`));
    const cr = scanChunk(ruleSet, chunk(`a\rb\rx ${token}`));
    expect(crlf[0]?.startLine).toBe(3);
    expect(cr[0]?.startLine).toBe(3);
    expect(cr[0]?.startColumn).toBe(3);
  });

  it("gives the same findings and line numbers whether a file is scanned whole or in line-aligned pieces", () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `key${i} = "${githubToken(i)}"` : `line ${i}`));
    const whole = scanChunk(ruleSet, chunk(lines.join("\n")));
    const pieces = [0, 13, 27].flatMap((start, index, starts) =>
      scanChunk(ruleSet, chunk(lines.slice(start, starts[index + 1] ?? lines.length).join("\n"), start + 1)),
    );
    const shape = (f: { secret: string; startLine: number; startColumn: number }) => [
      f.secret,
      f.startLine,
      f.startColumn,
    ];
    expect(whole.length).toBeGreaterThan(3);
    expect(pieces.map(shape)).toEqual(whole.map(shape));
  });

  it("skips a rule whose keyword is absent and one whose path filter excludes the file", () => {
    const gated = createRuleSet([compiled(testRule({ paths: { include: ["**/*.env"] } }))]);
    expect(scanChunk(gated, chunk(`x ${token}`, 1, "app.py"))).toHaveLength(0);
    expect(scanChunk(gated, chunk(`x ${token}`, 1, "config/prod.env"))).toHaveLength(1);
    expect(scanChunk(ruleSet, chunk(token.replace("ghp_", "ghx_")))).toHaveLength(0);
  });

  it("judges each chunk by its own path when chunks of different paths alternate (the path test remembers its last answer)", () => {
    const gated = createRuleSet([compiled(testRule({ paths: { include: ["**/*.env"], exclude: ["test/**"] } }))]);
    const paths = ["a.env", "app.py", "a.env", "a.env", "test/b.env", "app.py", "b.env"];
    const found = paths.map((path) => scanChunk(gated, chunk(`x ${token}`, 1, path)).length);
    expect(found).toEqual([1, 0, 1, 1, 0, 0, 1]);
  });

  it("applies the entropy floor and the checksum", () => {
    const lowEntropy = createRuleSet([compiled(testRule({ entropy: 6 }))]);
    expect(scanChunk(lowEntropy, chunk(token))).toHaveLength(0);
    const checked = createRuleSet([compiled(testRule({ checksum: "github-crc32" }))]);
    expect(scanChunk(checked, chunk(token))).toHaveLength(1);
    const broken = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(scanChunk(checked, chunk(broken))).toHaveLength(0);
  });

  it("drops matches covered by rule or global allow-lists", () => {
    const ruleAllow = createRuleSet([compiled(testRule({ allow: { lines: ["fixture"] } }))]);
    expect(scanChunk(ruleAllow, chunk(`${token} # fixture`))).toHaveLength(0);
    const globalAllow = createRuleSet([compiled(testRule())], compileAllow({ secrets: [`^${token}$`] }, []));
    expect(scanChunk(globalAllow, chunk(token))).toHaveLength(0);
    const pathAllow = createRuleSet([compiled(testRule())], compileAllow({ paths: ["test/**"] }, []));
    expect(scanChunk(pathAllow, chunk(token, 1, "test/data.txt"))).toHaveLength(0);
    expect(scanChunk(pathAllow, chunk(token, 1, "src/data.txt"))).toHaveLength(1);
  });

  it("reports only the requested lines when the chunk restricts them", () => {
    const text = `${githubToken(5)}\n${githubToken(6)}\n`;
    const found = scanChunk(ruleSet, { ...chunk(text), onlyLines: new Set([2]) });
    expect(found.map((f) => f.startLine)).toEqual([2]);
  });
});
