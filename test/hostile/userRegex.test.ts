import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * Every regex a user supplies (a custom rule's pattern, an allow-list regex) runs under the same
 * time budget on every path: detector threads, the main thread (`staged`, `--threads 0`) and
 * `rules test`. `(a|aa)+$` backtracks exponentially on a run of `a`s that does not end the line.
 */
const TOKEN = githubToken(1970);
const CATASTROPHIC_LINE = `token = "${TOKEN}" ${"a".repeat(60)}!`;

function timed(
  args: string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string; seconds: number } {
  const started = performance.now();
  const run = runCli(args, cwd);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  return { ...run, seconds: (performance.now() - started) / 1000 };
}

function diagnosticsOf(stdout: string): Array<{ path: string; reason: string; message: string }> {
  return (JSON.parse(stdout) as { diagnostics: Array<{ path: string; reason: string; message: string }> }).diagnostics;
}

describe("user regexes under a time budget on every path", () => {
  it("staged: a catastrophic allow regex is a rule-timeout within the budget, not a hang", () => {
    const dir = tempDir();
    initRepo(dir);
    writeFiles(dir, {
      ".secretscanrc.yaml": "allow:\n  lines: ['(a|aa)+$']\n",
      "app.cfg": `${CATASTROPHIC_LINE}\n`,
    });
    gitIn(dir, ["add", "app.cfg"]);
    const run = timed(["staged", "-f", "json", "--match-timeout", "1"], dir);
    expect(run.seconds).toBeLessThan(15);
    expect(diagnosticsOf(run.stdout)).toEqual([expect.objectContaining({ path: "app.cfg", reason: "rule-timeout" })]);
  });

  it("--threads 0: a catastrophic custom rule is a rule-timeout, and the other files are still scanned", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": [
        "rules:",
        "  - id: slow-rule",
        "    name: Slow rule",
        "    description: backtracks exponentially",
        "    kind: token",
        "    severity: low",
        "    keywords: [token]",
        "    pattern: 'token(?<secret>(a|aa)+)$'",
        "",
      ].join("\n"),
      "slow.txt": `token${"a".repeat(60)}!\n`,
      "other.txt": `token = "${TOKEN}"\n`,
    });
    const run = timed(["scan", ".", "-f", "json", "--threads", "0", "--match-timeout", "1"], dir);
    expect(run.seconds).toBeLessThan(15);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string }> };
    expect(report.findings.map((finding) => finding.path)).toEqual(["other.txt"]);
    expect(diagnosticsOf(run.stdout)).toEqual([expect.objectContaining({ path: "slow.txt", reason: "rule-timeout" })]);
  });

  it("rules test: an example that backtracks catastrophically fails the rule within seconds", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": [
        "useDefaultRules: false",
        "rules:",
        "  - id: slow-rule",
        "    name: Slow rule",
        "    description: backtracks exponentially on its negative example",
        "    kind: token",
        "    severity: low",
        "    keywords: [token]",
        "    pattern: 'token(?<secret>(a|aa)+)$'",
        "    examples: ['tokenaaaa', 'tokenaaaaaa']",
        `    negativeExamples: ['token${"a".repeat(60)}!']`,
        "",
      ].join("\n"),
    });
    const run = timed(["rules", "test"], dir);
    expect(run.seconds).toBeLessThan(20);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/negative example 1 took longer than 2 s to match/);
  });

  it("rules test: the first custom rule is judged by a warm ReDoS analyser", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": [
        "useDefaultRules: false",
        "rules:",
        "  - id: nested-rule",
        "    name: Nested quantifiers",
        "    description: exponential on paper, fast on its examples",
        "    kind: token",
        "    severity: low",
        "    keywords: [ghp_]",
        "    pattern: '(?<secret>ghp_(?:[a-z]+)+!)'",
        "    examples: ['ghp_abc!', 'ghp_xyz!']",
        "    negativeExamples: ['ghp_ABC']",
        "",
      ].join("\n"),
    });
    const run = timed(["rules", "test"], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/nested-rule.*backtrack exponentially/);
  });

  it("a catastrophic content condition of a custom file rule ends within its budget and the file is still reported", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": [
        "rules:",
        "  - id: slow-file-rule",
        "    name: Slow file rule",
        "    description: a deploy file whose condition backtracks exponentially",
        "    kind: config-file",
        "    severity: high",
        "    paths:",
        "      include: ['**/deploy.cfg']",
        "    keywords: [token]",
        "    pattern: 'token(?<secret>(a|aa)+)$'",
        "",
      ].join("\n"),
      "deploy.cfg": `token${"a".repeat(60)}!\n`,
    });
    const run = timed(["scan", ".", "-f", "json", "--no-gitignore"], dir);
    expect(run.seconds).toBeLessThan(25);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ path: string; ruleId: string }> }).findings;
    expect(findings).toEqual([expect.objectContaining({ path: "deploy.cfg", ruleId: "slow-file-rule" })]);
  }, 60_000);
});
