import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeErrors, reportValidator, sarifValidator } from "../helpers/ajv.js";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { initRepo } from "../helpers/git.js";
import { randomString } from "../helpers/tokens.js";

/** A synthetic token for the test rule; never a real credential. */
const token = (seed: number): string => `tsk_${randomString(seed, 24)}`;

/** Our own rules, so these tests do not depend on the built-in rule pack. */
const CONFIG = `useDefaultRules: false
rules:
  - id: test-token
    name: Test token
    description: A token shape used only by these tests.
    kind: token
    severity: high
    keywords: [tsk_]
    pattern: '(?<secret>tsk_[A-Za-z0-9]{24})'
  - id: test-key
    name: Test key
    description: A multi-line key block used only by these tests.
    kind: private-key
    severity: critical
    keywords: ['BEGIN TEST KEY']
    pattern: '(?<secret>-{5}BEGIN TEST KEY-{5}[\\s\\S]*?-{5}END TEST KEY-{5})'
`;

interface Report {
  summary: { findings: number; suppressed?: number };
  findings: Array<{
    ruleId: string;
    path: string;
    secretHash: string;
    location: { startLine: number };
    suppressed?: { kind: string; reason: string };
  }>;
  hints: Array<{ code: string; message: string }>;
}

/** A git repository holding the test config and the given files. */
function project(files: Record<string, string>, config = CONFIG): string {
  const dir = tempDir();
  initRepo(dir);
  writeFiles(dir, { ".secretscanrc.yaml": config, ...files });
  return dir;
}

/** Runs `scan` with JSON output and parses the report. */
function scanJson(dir: string, ...args: string[]): { status: number | null; report: Report } {
  const run = runCli(["scan", ".", "-f", "json", ...args], dir);
  expect(run.stderr).toBe("");
  return { status: run.status, report: JSON.parse(run.stdout) as Report };
}

const MARKED = [
  `a = "${token(1)}"  # secretscan:allow`,
  `b = "${token(2)}"  // gitleaks:allow`,
  `c = "${token(3)}"  # trufflehog:ignore`,
  `d = "${token(4)}"  # pragma: allowlist secret`,
  "# pragma: allowlist nextline secret",
  `e = "${token(5)}"`,
  `f = "${token(6)}"  // secretlint-disable-line`,
  "// secretlint-disable-next-line",
  `g = "${token(7)}"`,
  `h = "${token(8)}"  # kingfisher:ignore`,
  "# secretscan:allow-next-line test-token -- documented sample",
  `i = "${token(9)}"`,
  `j = "${token(10)}"  # secretscan:allow some-other-rule`,
  "# secretscan:allow-next-line",
  "-----BEGIN TEST KEY-----",
  randomString(11, 64),
  "-----END TEST KEY-----",
].join("\n");

describe("inline ignores", () => {
  it("suppress findings under every supported marker; --no-inline-ignores reports them", () => {
    const dir = project({ "app.py": `${MARKED}\n` });
    const { status, report } = scanJson(dir);
    expect(report.findings.map((f) => f.location.startLine)).toEqual([13]);
    expect(report.summary).toMatchObject({ findings: 1, suppressed: 10 });
    expect(status).toBe(1);
    const strict = scanJson(dir, "--no-inline-ignores");
    expect(strict.report.summary).toMatchObject({ findings: 11, suppressed: 0 });
    expect(strict.status).toBe(1);
  });

  it("--show-suppressed lists them with reasons in text, JSON and SARIF, and the reports validate", () => {
    const dir = project({ "app.py": `${MARKED}\n`, "clean.py": `k = "${token(12)}"  # secretscan:allow -- fixture\n` });
    const text = runCli(["scan", ".", "--show-suppressed"], dir);
    expect(text.stdout).toMatch(/Suppressed \(11\)/);
    expect(text.stdout).toContain("in source: secretscan:allow-next-line test-token -- documented sample");
    expect(text.stdout).toMatch(/; 11 suppressed\n$/);
    const hidden = runCli(["scan", "."], dir);
    expect(hidden.stdout).toContain("11 suppressed (--show-suppressed lists them)");
    const { report } = scanJson(dir, "--show-suppressed");
    expect(reportValidator()(report), describeErrors(reportValidator().errors)).toBe(true);
    expect(report.findings).toHaveLength(12);
    expect(report.findings.find((f) => f.path === "clean.py")?.suppressed).toEqual({
      kind: "inSource",
      reason: "secretscan:allow -- fixture",
    });
    const sarif = JSON.parse(runCli(["scan", ".", "-f", "sarif", "--show-suppressed"], dir).stdout);
    const validate = sarifValidator();
    expect(validate(sarif), describeErrors(validate.errors)).toBe(true);
    const results = sarif.runs[0].results as Array<{ suppressions?: Array<{ kind: string; justification: string }> }>;
    expect(results.filter((result) => result.suppressions?.[0]?.kind === "inSource")).toHaveLength(11);
  });
});

describe("baseline", () => {
  const [first, second, fresh] = [token(21), token(22), token(23)];

  it("suppresses known findings by hash, survives moved lines and renames, reports only new ones", () => {
    const dir = project({ "config.py": `A = "${first}"\nB = "${second}"\n` });
    const created = runCli(["baseline", "-o", ".secretscan-baseline.json"], dir);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Wrote \.secretscan-baseline\.json: 2 entries/);
    const baselineText = readFileSync(join(dir, ".secretscan-baseline.json"), "utf8");
    for (const secret of [first, second]) {
      expect(baselineText).not.toContain(secret);
      expect(baselineText).not.toContain(secret.slice(0, 8));
    }
    expect(baselineText).not.toMatch(/preview|line|…/i);

    expect(scanJson(dir, "--baseline", ".secretscan-baseline.json")).toMatchObject({
      status: 0,
      report: { summary: { findings: 0, suppressed: 2 } },
    });
    writeFileSync(join(dir, "config.py"), `# moved down\n\nB = "${second}"\nC = "${fresh}"\n\nA = "${first}"\n`);
    const withNew = scanJson(dir, "--baseline", ".secretscan-baseline.json");
    expect(withNew.status).toBe(1);
    expect(withNew.report.findings.map((f) => f.location.startLine)).toEqual([4]);

    writeFileSync(join(dir, "config.py"), `# moved down\nB = "${second}"\n\nA = "${first}"\n`);
    renameSync(join(dir, "config.py"), join(dir, "settings.py"));
    expect(scanJson(dir, "--baseline", ".secretscan-baseline.json").status).toBe(0);
  });

  it("refuses to overwrite without --update; --update adds new and drops fixed entries; stale entries are hints", () => {
    const dir = project({ "a.py": `A = "${first}"\nB = "${second}"\n` });
    expect(runCli(["baseline"], dir).status).toBe(0);
    expect(runCli(["baseline"], dir).status).toBe(2);
    writeFileSync(join(dir, "a.py"), `A = "${first}"\nC = "${fresh}"\n`);
    const stale = scanJson(dir, "--baseline", ".secretscan-baseline.json");
    expect(stale.report.hints.map((hint) => hint.code)).toContain("stale-baseline-entry");
    const updated = runCli(["baseline", "--update", "--baseline", ".secretscan-baseline.json"], dir);
    expect(updated.stdout).toMatch(/Updated \.secretscan-baseline\.json: 2 entries \(1 added, 1 removed\)/);
    expect(scanJson(dir, "--baseline", ".secretscan-baseline.json").report.hints).toEqual([]);
    expect(runCli(["scan", "--baseline", "missing.json"], dir).status).toBe(2);
  });
});

describe("ignore file and config allow-list", () => {
  it("ignores fingerprints and globs, and reports entries that matched nothing", () => {
    const config = `${CONFIG}allow:\n  secrets: ['^tsk_${token(31).slice(4, 10)}']\n  stopwords: [neverpresent]\n`;
    const dir = project(
      {
        "app.py": `A = "${token(31)}"\nB = "${token(32)}"\n`,
        "fixtures/sample.env": `T=${token(33)}\n`,
        "main.py": `M = "${token(34)}"\n`,
      },
      config,
    );
    const before = scanJson(dir);
    const fingerprint = (
      before.report as unknown as { findings: Array<{ path: string; fingerprint: string }> }
    ).findings.find((f) => f.path === "app.py")?.fingerprint;
    writeFiles(dir, { ".secretscanignore": `# reviewed\n${fingerprint}\nfixtures/**\n${"0".repeat(32)}\nlegacy/**\n` });
    const { status, report } = scanJson(dir, "--show-suppressed");
    expect(status).toBe(1);
    expect(report.findings.filter((f) => !f.suppressed).map((f) => f.path)).toEqual(["main.py"]);
    expect(report.findings.filter((f) => f.suppressed).map((f) => f.suppressed?.reason)).toEqual([
      "config allow.secrets[0]",
      "ignore file .secretscanignore:2",
      "ignore file .secretscanignore:3",
    ]);
    const hints = report.hints.map((hint) => `${hint.code}: ${hint.message}`);
    expect(hints).toEqual([
      expect.stringMatching(/^stale-ignore-entry: \.secretscanignore:4: fingerprint 0{32} matched no finding/),
      "stale-ignore-entry: .secretscanignore:5: its path pattern matched no file with findings; remove the line",
      "unused-allow-entry: config allow.stopwords[0] matched nothing in this scan",
    ]);
    const text = runCli(["scan", "."], dir).stdout;
    expect(text).toContain("stale-ignore-entry");
    expect(runCli(["scan", ".", "--ignore-file", "nope"], dir).status).toBe(2);
  });
});
