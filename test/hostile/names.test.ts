import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * File names are bytes: one that is not UTF-8 must still be opened and scanned, and reported under
 * a name that keeps its bytes apart (`\xff`), not a U+FFFD that two names could share. Names, rule
 * names and messages come from the scanned repository, so no control character of theirs may reach
 * a terminal raw, on stdout or stderr, in any format.
 */
const TOKEN = githubToken(1900);
const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x65, 0x6e, 0x76]); // "caf\xe9.env" in Latin-1
const ESCAPE_NAME = "esc\u001b[31mred\u0007\rcr\u009b.env";
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/;

function plantNames(dir: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), LATIN1_NAME]), `token = "${TOKEN}"\n`);
  writeFileSync(join(dir, ESCAPE_NAME), `token = "${TOKEN}"\n`);
}

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = runCli([...args, "--no-config"], cwd);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  return result;
}

/** Paths of the findings of a JSON report. */
function jsonPaths(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: Array<{ path: string }> };
  return report.findings.map((finding) => finding.path).sort();
}

describe("file names as bytes, and control characters on every stream", () => {
  it.each([
    ["outside git", false],
    ["in a git work tree", true],
  ])("%s, a non-UTF-8 name and an escape-laden name are scanned and shown escaped in every format", (_, inGit) => {
    const dir = tempDir();
    if (inGit) initRepo(dir);
    plantNames(dir);
    const text = run(["scan", "."], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("caf\\xe9.env");
    expect(text.stdout).toContain("esc\\x1b[31mred\\x07\\x0dcr\\x9b.env");
    expect(text.stdout + text.stderr).not.toMatch(RAW_CONTROL);
    expect(text.stdout).not.toMatch(/vanished|unreadable/);

    const json = run(["scan", ".", "-f", "json"], dir);
    expect(jsonPaths(json.stdout)).toEqual(["caf\\xe9.env", ESCAPE_NAME]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);

    const sarif = run(["scan", ".", "-f", "sarif"], dir);
    expect(sarif.stdout).toContain('"uri": "caf%E9.env"');
    expect(sarif.stdout).not.toMatch(RAW_CONTROL);

    const csv = run(["scan", ".", "-f", "csv"], dir);
    expect(csv.stdout).toContain("caf\\xe9.env");
    expect(csv.stdout.replace(/\r\n/g, "\n")).not.toMatch(RAW_CONTROL);
  });

  it("staged and history scan a non-UTF-8 name and show it escaped", () => {
    const dir = tempDir();
    initRepo(dir);
    plantNames(dir);
    gitIn(dir, ["add", "-A"]);
    const staged = run(["staged", "-f", "json"], dir);
    expect(jsonPaths(staged.stdout)).toEqual(["caf\\xe9.env", ESCAPE_NAME]);
    const blocked = run(["staged"], dir);
    expect(blocked.stderr).toContain("caf\\xe9.env:1:");
    expect(blocked.stdout + blocked.stderr).not.toMatch(RAW_CONTROL);
    gitIn(dir, ["commit", "-q", "-m", "add"]);
    const history = run(["history", "-f", "json"], dir);
    expect(jsonPaths(history.stdout)).toEqual(["caf\\xe9.env", ESCAPE_NAME]);
    const historyText = run(["history", "--verbose"], dir);
    expect(historyText.stdout).toContain("caf\\xe9.env");
    expect(historyText.stdout + historyText.stderr).not.toMatch(RAW_CONTROL);
  });

  it("a rule name and message with control characters reach no terminal raw (rules list, scan)", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml": [
        "useDefaultRules: false",
        "rules:",
        "  - id: evil-rule",
        '    name: "evil \\e[2J\\a name"',
        '    description: "a \\e]0;title\\a description"',
        "    kind: token",
        "    severity: high",
        "    keywords: [zzevil]",
        "    pattern: '(?<secret>zzevil_[a-z0-9]{12})'",
        "",
      ].join("\n"),
      "a.txt": "zzevil_qwerty098765\n",
    });
    const list = runCli(["rules", "list"], dir);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain("evil \\x1b[2J\\x07 name");
    expect(list.stdout).not.toMatch(RAW_CONTROL);
    const scan = runCli(["scan", "."], dir);
    expect(scan.stdout).toContain("evil \\x1b[2J\\x07 name");
    expect(scan.stdout + scan.stderr).not.toMatch(RAW_CONTROL);
  });
});

/** Runs the CLI without the capabilities that let root read any folder, so a mode-000 folder really fails to open. */
function runWithoutReadOverride(args: string[], cwd: string): { status: number | null; stdout: string } {
  const result = spawnSync(
    "setpriv",
    ["--bounding-set", "-dac_override,-dac_read_search", process.execPath, BIN, ...args],
    { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout };
}

const canDropCapabilities =
  process.getuid?.() === 0 && spawnSync("setpriv", ["--bounding-set", "-dac_override", "true"]).status === 0;

describe.runIf(canDropCapabilities || process.getuid?.() !== 0)("an unreadable folder", () => {
  const runScan = (args: string[], cwd: string) =>
    process.getuid?.() === 0 ? runWithoutReadOverride(args, cwd) : runCli(args, cwd);

  it.each([
    ["outside git", false],
    ["in a git work tree", true],
  ])("%s is a warning diagnostic naming it, and the files beside it are still scanned", (_, inGit) => {
    const dir = tempDir();
    if (inGit) initRepo(dir);
    writeFiles(dir, { "ok.txt": `token = "${TOKEN}"\n`, "locked/inner.txt": `token = "${TOKEN}"\n` });
    mkdirSync(join(dir, "open"));
    chmodSync(join(dir, "locked"), 0o000);
    try {
      const result = runScan(["scan", ".", "-f", "json", "--no-config"], dir);
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout) as {
        findings: Array<{ path: string }>;
        diagnostics: Array<{ path: string; reason: string; level: string; message: string }>;
      };
      expect(report.findings.map((finding) => finding.path)).toEqual(["ok.txt"]);
      expect(report.diagnostics).toEqual([
        expect.objectContaining({ path: "locked/", reason: "unreadable", level: "warning" }),
      ]);
      expect(report.diagnostics[0]?.message).toMatch(/permission denied/);
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });
});
