import { describe, expect, it } from "vitest";
import { loadRunConfig } from "../../src/config/loadRunConfig.js";
import { inlineScanner } from "../../src/detect/chunkScanner.js";
import { anchoredRuleSet, createRuleSet } from "../../src/detect/ruleSet.js";
import { DEFAULT_DETECT_OPTIONS } from "../../src/detect/scanChunk.js";
import { sniffedChunk } from "../../src/text/byteChunk.js";
import { sniffBytes, type TextContent } from "../../src/text/decode.js";
import { tempDir } from "../helpers/files.js";
import { awsAccessKeyId, awsSecretKey, githubToken, pemPrivateKey, randomString } from "../helpers/tokens.js";

/** Source-like files with secrets of several rules among ordinary lines, some with non-ASCII text. */
function files(): Buffer[] {
  return Array.from({ length: 12 }, (_, i) => {
    const lines = [
      `// fichier ${i}: données, 日本語, naïve café`,
      `const token = "${githubToken(i)}";`,
      `aws_access_key_id = ${awsAccessKeyId(i)}`,
      `aws_secret_access_key = ${awsSecretKey(i)}`,
    ];
    for (let k = 0; k < 300; k++)
      lines.push(
        `export function helper${k}(value) { return value.inside(${k}) + "${randomString(i * 1000 + k, 12)}"; }`,
      );
    if (i % 4 === 0) lines.push(pemPrivateKey(i));
    lines.push(`password = "${randomString(i, 18)}Aa1"`);
    return Buffer.from(lines.join("\n"));
  });
}

async function findingsOf(threshold: number) {
  const config = loadRunConfig(tempDir(), false);
  const scanner = inlineScanner(createRuleSet(config.rules, config.allow), DEFAULT_DETECT_OPTIONS, threshold);
  const found: string[] = [];
  for (const [index, bytes] of files().entries()) {
    const outcome = await scanner.scan(
      sniffedChunk(sniffBytes(bytes) as TextContent, { type: "file", path: `src/f${index}.js` }),
    );
    if (!outcome.ok) throw new Error(outcome.message);
    found.push(
      ...outcome.findings.map((f) => `f${index}:${f.startLine}:${f.startColumn}:${f.rule.syntax.id}:${f.secret}`),
    );
  }
  return found;
}

describe("the inline scanner", () => {
  it("builds the anchored rule set detector threads use: every built-in pattern's anchor from the build's cache", async () => {
    const config = loadRunConfig(tempDir(), false);
    const anchored = await anchoredRuleSet(config.rules, config.allow, true);
    expect(anchored.keepAllowed).toBe(true);
    expect(anchored.windowed?.filter(Boolean).length).toBeGreaterThan(config.rules.length * 0.8);
  });

  it("finds the same after switching to anchored matching as before it", async () => {
    const plain = await findingsOf(Number.POSITIVE_INFINITY);
    expect(plain.filter((line) => line.includes(":github-")).length).toBe(12);
    expect(plain.length).toBeGreaterThan(30);
    expect(await findingsOf(0)).toEqual(plain);
    expect(await findingsOf(20_000)).toEqual(plain);
  });
});
