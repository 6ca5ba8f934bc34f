import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeErrors, reportValidator, sarifValidator } from "../helpers/ajv.js";
import { describeProgress } from "../../src/cli/progress.js";
import { ensureBuilt, runMain } from "../helpers/captureIo.js";
import { runCli } from "../helpers/cli.js";
import { GitRepo, TOKEN_A, TOKEN_B, tempDir, writeTestConfig } from "../helpers/gitRepo.js";

const SECRETS = [TOKEN_A, TOKEN_B];
let repo: GitRepo;
let config: string;
let base: string;
let added: string;
let removed: string;

/** A history with one removed secret (still in history) and one live secret, plus an origin remote with credentials. */
beforeAll(() => {
  config = writeTestConfig(tempDir());
  repo = new GitRepo();
  base = repo.write("README.md", "hello\n").commit("init");
  added = repo.write("old.env", `TOKEN=${TOKEN_A}\n`).commit("add old token");
  removed = repo.remove("old.env").commit("remove old token");
  repo.write("live config.env", `TOKEN=${TOKEN_B}\n`).commit("add live token");
  repo.git("remote", "add", "origin", "https://user:hunter2@example.test/acme/app.git");
});
afterAll(() => repo.cleanup());

describe("secretscan history (in-process)", () => {
  it("exits 1 with a text report that leads with live secrets and tells the user to rotate", async () => {
    const run = await runMain(["history", repo.dir, "--config", config], tempDir());
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^Secrets in git history: 2 secrets, 1 still at HEAD, 0 on other refs — rotate all of them/,
    );
    const live = lines.findIndex((line) => line.startsWith("  at HEAD "));
    const gone = lines.findIndex((line) => line.startsWith("  removed "));
    expect(live).toBeGreaterThan(0);
    expect(gone).toBeGreaterThan(live);
    expect(lines[gone]).toContain(`removed in ${removed.slice(0, 12)}`);
    expect(lines[gone]).toContain(`${added.slice(0, 12)} by Ada Tester`);
    expect(run.stdout).toMatch(/still in history/);
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
    expect(run.stderr).toBe("");
  });

  it("writes JSON that validates and carries commit provenance per finding", async () => {
    const run = await runMain(["history", repo.dir, "--config", config, "-f", "json"], tempDir());
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const validate = reportValidator();
    expect(validate(report), describeErrors(validate.errors)).toBe(true);
    const old = report.findings.find((f: any) => f.path === "old.env");
    expect(old.provenance).toMatchObject({
      type: "git-blob",
      introducedBy: { sha: added, authorEmail: "ada@example.test" },
      removedBy: { sha: removed },
      presentAtHead: false,
    });
    expect(typeof old.provenance.exposedDays).toBe("number");
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
  });

  it("writes SARIF valid against the official schema, with provenance properties and versionControlProvenance", async () => {
    const run = await runMain(["history", repo.dir, "--config", config, "-f", "sarif"], tempDir());
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    const head = repo.git("rev-parse", "HEAD").trim();
    expect(log.runs[0].versionControlProvenance).toEqual([
      { repositoryUri: "https://example.test/acme/app.git", revisionId: head, branch: "main" },
    ]);
    const old = log.runs[0].results.find(
      (r: any) => r.locations[0].physicalLocation.artifactLocation.uri === "old.env",
    );
    expect(old.properties).toMatchObject({
      provenance: "git-blob",
      commitSha: added,
      removedBySha: removed,
      presentAtHead: false,
    });
    expect(run.stdout).not.toContain("hunter2");
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
  });

  it("--range reports only what the range introduced; exit 0 when it introduced nothing", async () => {
    const clean = await runMain(
      ["history", repo.dir, "--config", config, "--range", `${added}..${removed}`],
      tempDir(),
    );
    expect(clean.code, clean.stdout).toBe(0);
    const dirty = await runMain(
      ["history", repo.dir, "--config", config, "--range", `${base}..HEAD`, "-f", "json"],
      tempDir(),
    );
    expect(dirty.code).toBe(1);
    expect(
      JSON.parse(dirty.stdout)
        .findings.map((f: any) => f.path)
        .sort(),
    ).toEqual(["live config.env", "old.env"]);
  });

  it("exits 2 for bad refs, option-like refs, unknown flags and non-repositories", async () => {
    const cases = [
      ["history", repo.dir, "--config", config, "--range", "--output=/tmp/x..HEAD"],
      ["history", repo.dir, "--config", config, "--branch=-p"],
      ["history", repo.dir, "--config", config, "--branch", "no-such-branch"],
      ["history", repo.dir, "--config", config, "--range", "HEAD...main"],
      ["history", repo.dir, "--frobnicate"],
      ["history", tempDir(), "--config", config],
    ];
    for (const argv of cases) {
      const run = await runMain(argv, tempDir());
      expect(run.code, `${argv.join(" ")}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/^secretscan: /);
      expect(run.stdout).toBe("");
    }
  });

  it("exits 0 on an empty repository with a hint", async () => {
    const empty = new GitRepo();
    try {
      const run = await runMain(["history", empty.dir, "--config", config], tempDir());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/no commits yet/);
    } finally {
      empty.cleanup();
    }
  });

  it("draws progress on stderr only when it is a terminal and --no-progress is absent", async () => {
    const tty = await runMain(["history", repo.dir, "--config", config], tempDir(), { stderrIsTTY: true });
    expect(tty.stderr).toMatch(/blobs \d+\/\d+/);
    expect(tty.stderr.endsWith("\r\u001b[K")).toBe(true);
    const off = await runMain(["history", repo.dir, "--config", config, "--no-progress"], tempDir(), {
      stderrIsTTY: true,
    });
    expect(off.stderr).toBe("");
  });

  it("describes progress as blobs done/total, throughput and ETA", () => {
    const text = describeProgress(
      { blobsDone: 50, blobsTotal: 200, bytesDone: 10 * 1024 * 1024, bytesTotal: 40 * 1024 * 1024 },
      10,
    );
    expect(text).toBe("secretscan: blobs 50/200 · 1.0 MB/s · ETA 0:30");
  });

  it("documents the command in --help", async () => {
    const run = await runMain(["history", "--help"], tempDir());
    expect(run.code).toBe(0);
    for (const flag of [
      "--range",
      "--branch",
      "--since",
      "--unreachable",
      "--no-progress",
      "--format",
      "--max-file-size",
    ])
      expect(run.stdout).toContain(flag);
  });
});

describe("secretscan history (real binary)", () => {
  beforeAll(() => ensureBuilt(["src/cli/historyCommand.ts", "src/modes/scanHistory.ts", "src/sources/history.ts"]));

  it("runs end to end and writes the report atomically with --output", () => {
    const out = join(tempDir(), "history.sarif");
    const run = runCli(["history", repo.dir, "--config", config, "-f", "sarif", "-o", out], tempDir());
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.runs[0].results).toHaveLength(2);
    const text = runCli(["history", "--no-progress", "--config", config], repo.dir);
    expect(text.status).toBe(1);
    for (const secret of SECRETS) expect(text.stdout).not.toContain(secret);
  });
});
