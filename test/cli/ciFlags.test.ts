import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { GitRepo, TEST_CONFIG, TOKEN_A, writeTestConfig } from "../helpers/gitRepo.js";
import { awsAccessKeyId } from "../helpers/tokens.js";

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

describe("--fail-on and --min-confidence", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    writeFiles(dir, { "ids.txt": `aws_access_key_id = ${awsAccessKeyId(7)}\n` });
  });

  it("a lone identifier (low severity) fails by default, passes with --fail-on high and is still reported", async () => {
    const plain = await runMain(["scan", ".", "--no-config", "-f", "json"], dir);
    expect(plain.code).toBe(1);
    const [finding] = JSON.parse(plain.stdout).findings;
    expect(finding).toMatchObject({ ruleId: "aws-access-key-id", severity: "low" });
    const high = await runMain(["scan", ".", "--no-config", "--fail-on", "high"], dir);
    expect(high.code).toBe(0);
    expect(high.stdout).toContain("aws-access-key-id");
    const low = await runMain(["scan", ".", "--no-config", "--fail-on", "low"], dir);
    expect(low.code).toBe(1);
  });

  it("--min-confidence above a finding's confidence keeps it in the report without failing", async () => {
    const config = join(tempDir(), "low.yaml");
    writeFileSync(config, TEST_CONFIG.replace("confidence: high", "confidence: low"));
    const tokens = tempDir();
    writeFiles(tokens, { "t.env": `TOKEN=${TOKEN_A}\n` });
    expect((await runMain(["scan", ".", "--config", config, "--min-confidence", "low"], tokens)).code).toBe(1);
    const run = await runMain(["scan", ".", "--config", config, "--min-confidence", "medium", "-f", "json"], tokens);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((f: { confidence: string }) => f.confidence)).toEqual(["low"]);
  });

  it("refuses a --max-file-size larger than any text that can be scanned, before scanning", async () => {
    const run = await runMain(["scan", ".", "--no-config", "--max-file-size", "4G"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toContain("--max-file-size can be at most 512M");
    expect((await runMain(["scan", ".", "--no-config", "--max-file-size", "512M"], dir)).code).toBe(2);
    expect((await runMain(["scan", ".", "--no-config", "--max-file-size", "511M"], dir)).code).toBe(1);
  });

  it("rejects an unknown severity with one line and exit 2", async () => {
    const run = await runMain(["scan", ".", "--fail-on", "severe"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(
      /^secretscan: --fail-on must be one of: critical, high, medium, low, info/,
    );
  });
});

describe("validation before any work", () => {
  let repo: GitRepo;
  let config: string;
  beforeAll(() => {
    config = writeTestConfig(tempDir());
    repo = new GitRepo();
    repo.write("a.txt", "x\n").commit("one");
  });

  it("--since that is not a date and --range without a base exit 2 with one line", async () => {
    for (const argv of [
      ["--since", "not a date"],
      ["--since", "foo"],
      ["--range", "..HEAD"],
      ["--range", ".."],
    ]) {
      const run = await runMain(["history", repo.dir, "--config", config, ...argv], tempDir());
      expect(run.code, `${argv.join(" ")}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/^secretscan: --(since|range): [^\n]+\n$/);
      expect(run.stdout).toBe("");
    }
    for (const since of ["2024-01-01", "2 weeks ago", "yesterday"]) {
      expect((await runMain(["history", repo.dir, "--config", config, "--since", since], tempDir())).code).toBe(0);
    }
  });

  it("an --output folder that does not exist fails before the scan, naming the folder, and leaves no temp file", async () => {
    const out = tempDir();
    for (const command of [
      ["scan", repo.dir],
      ["history", repo.dir],
      ["staged", repo.dir],
    ]) {
      const run = await runMain([...command, "--config", config, "-o", join(out, "missing", "report.json")], tempDir());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^secretscan: --output \S+: folder \S+missing does not exist/);
    }
    mkdirSync(join(out, "folder"));
    expect(
      (await runMain(["scan", repo.dir, "--config", config, "-o", join(out, "folder")], tempDir())).stderr,
    ).toMatch(/is a folder/);
    expect(readdirSync(out)).toEqual(["folder"]);
  });

  it("bad thread counts exit 2", async () => {
    for (const threads of ["-1", "many", "99"]) {
      expect((await runMain(["scan", repo.dir, "--config", config, `--threads=${threads}`], tempDir())).code).toBe(2);
    }
  });

  it("an unknown flag gets a suggestion", async () => {
    const run = await runMain(["scan", ".", "--no-progres"], tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^secretscan: unknown option --no-progres \(did you mean --no-progress\?\)/);
    const far = await runMain(["scan", ".", "--frobnicate"], tempDir());
    expect(far.stderr).not.toMatch(/did you mean/);
  });

  it("every command accepts --no-progress, --no-color and -o", async () => {
    const out = tempDir();
    const commands = [
      ["scan", repo.dir],
      ["staged", repo.dir],
      ["history", repo.dir],
      ["baseline", repo.dir],
      ["rules", "list"],
      ["rules", "test"],
    ];
    for (const [index, command] of commands.entries()) {
      const file = join(out, `report-${index}`);
      const run = await runMain([...command, "--config", config, "--no-progress", "--no-color", "-o", file], tempDir());
      // rules test exits 1 here: the one-rule test config carries no examples to check.
      expect(run.code, `${command.join(" ")}: ${run.stderr}`).toBe(command[1] === "test" ? 1 : 0);
      expect(existsSync(file)).toBe(true);
    }
  });
});

describe("what a scan reads", () => {
  it("scans tracked files under node_modules, not untracked ones", async () => {
    const dir = tempDir();
    initRepo(dir);
    writeFiles(dir, { "node_modules/vendored/config.js": `TOKEN = "${TOKEN_A}"\n` });
    gitIn(dir, ["add", "-f", "node_modules/vendored/config.js"]);
    writeFiles(dir, { "node_modules/installed/index.js": `TOKEN = "${TOKEN_A}"\n` });
    const config = writeTestConfig(tempDir());
    const run = await runMain(["scan", ".", "--config", config, "-f", "json"], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path)).toEqual([
      "node_modules/vendored/config.js",
    ]);
  });

  it("counts known binary assets in the summary instead of a warning each; other binary files still warn", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "logo.png": PNG_HEADER,
      "font.woff2": Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 0]),
      "data.json": Buffer.from([0x7b, 0, 0x7d]),
    });
    const run = await runMain(["scan", ".", "--no-config"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("logo.png");
    expect(run.stdout).toContain("data.json: binary");
    expect(run.stdout).toMatch(/2 binary assets \(images, fonts, archives…\) not scanned/);
    const json = JSON.parse((await runMain(["scan", ".", "--no-config", "-f", "json"], dir)).stdout);
    expect(json.diagnostics.filter((d: { reason: string }) => d.reason === "binary-asset")).toHaveLength(2);
  });
});
