import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { githubToken } from "../helpers/tokens.js";

/** Inputs shaped to make a secret scan clean: each must still report the secret. */
interface Report {
  findings: Array<{ path: string; location: { startLine: number } }>;
  diagnostics: Array<{ path: string; reason: string }>;
}

function utf32(text: string, littleEndian: boolean): Buffer {
  const codes = [0xfeff, ...[...text].map((char) => char.codePointAt(0) as number)];
  const buffer = Buffer.alloc(codes.length * 4);
  for (const [index, code] of codes.entries()) {
    if (littleEndian) buffer.writeUInt32LE(code, index * 4);
    else buffer.writeUInt32BE(code, index * 4);
  }
  return buffer;
}

describe("encodings that would hide a secret", () => {
  it("FF FE before ordinary ASCII lines is UTF-8, not UTF-16; UTF-32 with a BOM is decoded", () => {
    const token = githubToken(995);
    const text = `#!/bin/sh\nexport A=1\nexport GITHUB_TOKEN=${token}\n`;
    const dir = tempDir("secretscan-evasion-");
    writeFiles(dir, {
      "fake-bom.sh": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text)]),
      "le32.txt": utf32(text, true),
      "be32.txt": utf32(text, false),
      "real-utf16.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    });
    const run = runCli(["scan", ".", "-f", "json", "--no-config"], dir);
    const report = JSON.parse(run.stdout) as Report;
    const lineOf = (path: string) => report.findings.find((finding) => finding.path === path)?.location.startLine;
    expect(["fake-bom.sh", "le32.txt", "be32.txt", "real-utf16.txt"].map(lineOf)).toEqual([3, 3, 3, 3]);
  });

  it("a token after 1.3 MB of base64-looking words on one line is found quickly (the encoded pass is linear)", () => {
    const words: string[] = [];
    for (let seed = 0, length = 0; length < 1.3 * 1024 * 1024; seed++) {
      const word = Buffer.from(githubToken(seed).slice(4, 24)).toString("base64").replace(/=+$/, "");
      words.push(word);
      length += word.length + 1;
    }
    const token = githubToken(996);
    const dir = tempDir("secretscan-evasion-");
    writeFiles(dir, { "words.txt": `${words.join(" ")} token=${token}\n` });
    const started = performance.now();
    const run = runCli(["scan", ".", "-f", "json", "--no-config"], dir);
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(run.stdout) as Report;
    expect(report.diagnostics).toEqual([]);
    expect(report.findings.map((finding) => finding.path)).toEqual(["words.txt"]);
    expect(seconds).toBeLessThan(15); // about 3 s on a loaded 2-core machine; 24 s and a rule-timeout before
  });
});
