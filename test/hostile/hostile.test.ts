import { execFileSync, spawn } from "node:child_process";
import {
  mkdirSync,
  openSync,
  closeSync,
  ftruncateSync,
  symlinkSync,
  writeFileSync,
  readdirSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * Hostile inputs, generated at test time. Each case: the scan finishes within a bound, exits 0 or 1
 * (never 2, never a crash), names every file it could not scan in the diagnostics, and still finds
 * the secret planted in a normal file beside the hostile one.
 */
const BESIDE = githubToken(900);

interface Report {
  findings: Array<{ path: string; secretHash: string; location: { startLine: number } }>;
  diagnostics: Array<{ path: string; reason: string }>;
}

function scanJson(dir: string, extra: string[] = []): { status: number | null; report: Report; seconds: number } {
  const started = performance.now();
  const run = runCli(["scan", ".", "-f", "json", "--no-config", ...extra], dir);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  return {
    status: run.status,
    report: JSON.parse(run.stdout) as Report,
    seconds: (performance.now() - started) / 1000,
  };
}

function hostileDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempDir("secretscan-hostile-");
  writeFiles(dir, { "normal.py": `token = "${BESIDE}"\n`, ...files });
  return dir;
}

function expectBesideFound(report: Report): void {
  expect(report.findings.map((f) => f.path)).toContain("normal.py");
}

describe("hostile inputs", () => {
  it("a 1 GB sparse file is a too-large diagnostic, not a read", () => {
    const dir = hostileDir();
    const fd = openSync(join(dir, "sparse.bin"), "w");
    ftruncateSync(fd, 1024 ** 3);
    closeSync(fd);
    const { status, report, seconds } = scanJson(dir);
    expect(status).toBe(1);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ path: "sparse.bin", reason: "too-large" }));
    expectBesideFound(report);
    expect(seconds).toBeLessThan(30);
  });

  it("a 50 MB single-line minified file with a secret at the end is scanned to the end when the limit allows", () => {
    const dir = hostileDir();
    const filler = "var a=function(b){return b*2};".repeat(Math.ceil((50 * 1024 * 1024) / 30));
    writeFileSync(join(dir, "bundle.min.js"), `${filler}var t="${githubToken(901)}";`);
    const { status, report, seconds } = scanJson(dir, ["--max-file-size", "64M"]);
    expect(status).toBe(1);
    expect(report.findings.map((f) => f.path)).toContain("bundle.min.js");
    expectBesideFound(report);
    expect(seconds).toBeLessThan(120);
  });

  it("binary files are diagnostics (policy: not scanned), NUL bytes included", () => {
    const dir = hostileDir({
      "app.bin": Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(`key=${githubToken(902)}`)]),
    });
    const { report } = scanJson(dir);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ path: "app.bin", reason: "binary" }));
    expectBesideFound(report);
  });

  it("invalid UTF-8, UTF-16 LE and BE with BOM, CRLF and lone CR all give the right line numbers", () => {
    const token = githubToken(903);
    const line3 = `a\nb\nt=${token}\n`;
    const dir = hostileDir({
      "latin1.txt": Buffer.concat([Buffer.from([0xc3, 0x28, 0xfd, 0x0a, 0x0a]), Buffer.from(`t=${token}\n`)]),
      "le.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line3, "utf16le")]),
      "be.txt": Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(line3, "utf16le").swap16()]),
      "crlf.txt": line3.replace(/\n/g, "\r\n"),
      "cr.txt": line3.replace(/\n/g, "\r"),
    });
    const { report } = scanJson(dir);
    const lineOf = (path: string) => report.findings.find((f) => f.path === path)?.location.startLine;
    expect(["latin1.txt", "le.txt", "be.txt", "crlf.txt", "cr.txt"].map(lineOf)).toEqual([3, 3, 3, 3, 3]);
  });

  it("100,000 tiny files and a 300-level deep directory", () => {
    const dir = hostileDir();
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(dir, `many/${d}`), { recursive: true });
      for (let f = 0; f < 1000; f++) writeFileSync(join(dir, `many/${d}/${f}.txt`), `v=${f}\n`);
    }
    const deep = join(dir, ...Array.from({ length: 300 }, (_, i) => `d${i % 10}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "deep.env"), `T=${githubToken(904)}\n`);
    const { status, report, seconds } = scanJson(dir);
    expect(status).toBe(1);
    expect(report.findings.filter((f) => f.path.endsWith("deep.env"))).toHaveLength(1);
    expectBesideFound(report);
    expect(seconds).toBeLessThan(180);
  }, 300_000);

  it("symlink loops, links out of the root, FIFOs and device links never hang or escape", () => {
    const outside = tempDir();
    writeFiles(outside, { "secret.txt": `t=${githubToken(905)}` });
    const dir = hostileDir();
    symlinkSync(join(outside, "secret.txt"), join(dir, "out.txt"));
    symlinkSync("/dev/zero", join(dir, "zero"));
    symlinkSync("loop-b", join(dir, "loop-a"));
    symlinkSync("loop-a", join(dir, "loop-b"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const { report, seconds } = scanJson(dir);
    const reasons = Object.fromEntries(report.diagnostics.map((d) => [d.path, d.reason]));
    expect(reasons).toMatchObject({
      "out.txt": "symlink-outside-root",
      zero: "symlink-outside-root",
      pipe: "not-a-file",
    });
    expect(report.diagnostics.map((d) => d.path)).toEqual(expect.arrayContaining(["loop-a", "loop-b"]));
    expect(report.findings.map((f) => f.path)).toEqual(["normal.py"]);
    expect(seconds).toBeLessThan(30);
  });

  it("file names with newlines, spaces, unicode and a leading dash, in and out of git", () => {
    const names = ["line\nbreak.env", "with space.env", "ünïcødé-密钥.env", "-n.env", "--help.env"];
    for (const isGit of [false, true]) {
      const dir = hostileDir(Object.fromEntries(names.map((name, i) => [name, `T=${githubToken(910 + i)}\n`])));
      if (isGit) {
        initRepo(dir);
        gitIn(dir, ["add", "--", ...readdirSync(dir).filter((name) => name !== ".git")]);
      }
      const { report } = scanJson(dir);
      expect(report.findings.map((f) => f.path).sort()).toEqual([...names, "normal.py"].sort());
    }
  });

  it("a corrupt git object and option-like refs give diagnostics or a clean error, never a crash", () => {
    const dir = hostileDir();
    initRepo(dir);
    gitIn(dir, ["add", "-A"]);
    gitIn(dir, ["commit", "-qm", "init"]);
    const blob = gitIn(dir, ["rev-parse", "HEAD:normal.py"]).trim();
    const objectPath = join(dir, ".git/objects", blob.slice(0, 2), blob.slice(2));
    rmSync(objectPath, { force: true });
    writeFileSync(objectPath, "not zlib at all");
    const history = runCli(["history", ".", "-f", "json", "--no-config", "--no-progress"], dir);
    expect([0, 1, 2]).toContain(history.status);
    expect(history.stderr).not.toMatch(/internal error|\n\s+at /);
    const optionRef = runCli(["history", ".", "--branch", "--output=/tmp/pwned", "--no-progress"], dir);
    expect(optionRef.status).toBe(2);
    expect(optionRef.stderr).not.toMatch(/\n\s+at /);
  });

  it("a malformed config and a catastrophic rule are a clean exit 2 and a bounded diagnostic", () => {
    const broken = hostileDir({ ".secretscanrc.yaml": "rules: [ {id: x, pattern: '(' }\n  - nope" });
    const bad = runCli(["scan", "."], broken);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^\.secretscanrc\.yaml:\d+:\d+: /m);
    const evil = hostileDir({
      "evil.txt": `${"a".repeat(64)}!\n`,
      "rc.yaml":
        "rules:\n  - id: evil\n    name: Evil\n    description: d\n    kind: secret\n    severity: low\n    keywords: [aaaa]\n    pattern: '(?<secret>(a+)+$)'\n",
    });
    const started = performance.now();
    const run = runCli(["scan", ".", "-f", "json", "--config", "rc.yaml", "--match-timeout", "1"], evil);
    expect((performance.now() - started) / 1000).toBeLessThan(30);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ path: "evil.txt", reason: "rule-timeout" }));
    expectBesideFound(report);
  });

  it("Ctrl-C stops a scan promptly with exit 130 and leaves no partial report", async () => {
    const dir = hostileDir();
    // About 6 s of scanning on one thread, so the signal lands mid-scan rather than racing the natural exit.
    const line = "const apiToken = process.env.API_TOKEN; // secret password key\n";
    for (const name of ["big-1.txt", "big-2.txt", "big-3.txt", "big-4.txt"])
      writeFileSync(join(dir, name), line.repeat(500_000));
    const child = spawn(
      process.execPath,
      [BIN, "scan", ".", "--max-file-size", "64M", "--threads", "1", "-f", "json", "-o", "out.json"],
      { cwd: dir },
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    const started = performance.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(code).toBe(130);
    expect(readdirSync(dir).filter((name) => name.includes("out.json"))).toEqual([]);
  });
});
