import { describe, expect, it } from "vitest";
import { createRuleSet } from "../../src/detect/ruleSet.js";
import { DEFAULT_DETECT_OPTIONS } from "../../src/detect/scanChunk.js";
import { WorkerPoolScanner } from "../../src/detect/workerPool.js";
import { compileAllow } from "../../src/rules/compileAllow.js";
import { scan } from "../../src/modes/scan.js";
import { compiled, testRule } from "./rules.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { TOKEN_RULE_YAML } from "../helpers/testRule.js";
import { githubToken } from "../helpers/tokens.js";

/** A rule whose pattern backtracks exponentially on a run of "a" followed by something else. */
const HOSTILE_RULE = `  - id: hostile
    name: Hostile
    description: Catastrophic backtracking on purpose.
    kind: secret
    severity: low
    keywords: [aaaa]
    pattern: '(?<secret>(a+)+$)'
`;

describe("detector threads", () => {
  it("give identical findings whatever the thread count", async () => {
    const dir = tempDir();
    const files: Record<string, string> = {
      ".secretscanrc.yaml": `useDefaultRules: false\nrules:\n${TOKEN_RULE_YAML}`,
    };
    for (let i = 0; i < 150; i++)
      files[`src/f${i}.txt`] =
        i % 3 === 0 ? `line\nt = "${githubToken(i)}"\n`.repeat(1 + (i % 4)) : `nothing ${i}\n`.repeat(i);
    writeFiles(dir, files);
    const shape = async (threads: number) =>
      (await scan({ cwd: dir, threads })).findings.map(
        (f) => `${f.path}:${f.location.startLine}:${f.location.startColumn}:${f.fingerprint}`,
      );
    const inline = await shape(0);
    expect(inline.length).toBe(50 + 50 * 1.5);
    expect(await shape(1)).toEqual(inline);
    expect(await shape(2)).toEqual(inline);
    expect(await shape(3)).toEqual(inline);
  });

  it("stop a file whose matching overruns the time limit, report it, and still scan the others", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": `useDefaultRules: false\nrules:\n${TOKEN_RULE_YAML}${HOSTILE_RULE}`,
      "evil.txt": `${"a".repeat(40)}!\n`,
      "good.txt": `t = "${githubToken(7)}"\n`,
    });
    const started = performance.now();
    const result = await scan({ cwd: dir, threads: 2, matchTimeoutMs: 1500 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ path: "evil.txt", reason: "rule-timeout" }));
    expect(result.findings.map((f) => f.path)).toEqual(["good.txt"]);
  });

  it("retry the rest of a batch when a file in its middle overruns: files before it are not lost", async () => {
    const dir = tempDir();
    const files: Record<string, string> = {
      ".secretscanrc.yaml": `useDefaultRules: false\nrules:\n${TOKEN_RULE_YAML}${HOSTILE_RULE}`,
    };
    for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, "0")}.txt`] = `t = "${githubToken(100 + i)}"\n`;
    files["f14-evil.txt"] = `${"a".repeat(40)}!\n`;
    writeFiles(dir, files);
    const result = await scan({ cwd: dir, threads: 1, matchTimeoutMs: 1500 });
    expect(result.diagnostics.filter((d) => d.reason === "rule-timeout").map((d) => d.path)).toEqual(["f14-evil.txt"]);
    expect(result.findings.map((f) => f.path).sort()).toEqual(
      Object.keys(files)
        .filter((name) => /^f\d\d\.txt$/.test(name))
        .sort(),
    );
  });

  const oneRule = () => createRuleSet([compiled(testRule())], compileAllow({}, []));

  it("start lazily, all at once when warmed, and not at all once closed", async () => {
    const lazy = new WorkerPoolScanner(oneRule(), DEFAULT_DETECT_OPTIONS, 2);
    expect(lazy.threadCount).toBe(0);
    lazy.warm();
    expect(lazy.threadCount).toBe(2);
    const outcome = await lazy.scan({
      text: `t = "${githubToken(1)}"\n`,
      provenance: { type: "stdin", path: "x.txt" },
      startLine: 1,
    });
    expect(outcome.ok && outcome.findings.map((finding) => finding.secret)).toEqual([githubToken(1)]);
    expect(lazy.threadCount).toBe(2);
    await lazy.close();
    lazy.warm();
    expect(lazy.threadCount).toBe(0);
  });
});
