import { spawn, execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli, type CliRun } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * Output files (`-o`, baselines, install-hook, --fix-gitignore) never replace what is not a regular
 * file, never silently replace a symbolic link, never overwrite an input of the run.
 */
const TOKEN = githubToken(980);

function project(): string {
  const dir = tempDir("secretscan-out-");
  writeFiles(dir, { "app.py": `token = "${TOKEN}"\n` });
  return dir;
}

function expectOneLineError(run: CliRun, pattern: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe("output files", () => {
  it("-o at a character device writes through it: the node stays a device", () => {
    const dir = project();
    const device = join(dir, "null-device");
    execFileSync("mknod", [device, "c", "1", "3"]);
    for (const args of [
      ["scan", ".", "-o", device],
      ["baseline", ".", "-o", device, "--update"],
    ]) {
      runCli(args, dir);
      expect(lstatSync(device).isCharacterDevice()).toBe(true);
    }
  });

  it("-o at a FIFO writes through it: the reader gets the report, the FIFO stays", async () => {
    const dir = project();
    const fifo = join(dir, "report.pipe");
    execFileSync("mkfifo", [fifo]);
    // Both sides asynchronous: a spawnSync beside a running child can swallow that child's exit.
    const cli = spawn(process.execPath, [BIN, "scan", "app.py", "-f", "json", "-o", fifo], {
      cwd: dir,
      stdio: "ignore",
    });
    const status = new Promise((resolve) => cli.on("close", resolve));
    const report = await readFile(fifo, "utf8");
    expect(await status).toBe(1);
    expect(JSON.parse(report)).toMatchObject({ tool: { name: "secretscan" } });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("-o through a symbolic link writes the file it points to and keeps the link; a dangling link is refused", () => {
    const dir = project();
    mkdirSync(join(dir, "reports"));
    writeFileSync(join(dir, "reports/real.txt"), "old\n");
    symlinkSync("reports/real.txt", join(dir, "latest.txt"));
    expect(runCli(["scan", "app.py", "-o", "latest.txt"], dir).status).toBe(1);
    expect(readlinkSync(join(dir, "latest.txt"))).toBe("reports/real.txt");
    expect(readFileSync(join(dir, "reports/real.txt"), "utf8")).toMatch(/1 finding/);
    symlinkSync(join(dir, "nowhere/x.txt"), join(dir, "dangling.txt"));
    expectOneLineError(runCli(["scan", "app.py", "-o", "dangling.txt"], dir), /symbolic link to a missing file/);
    expect(lstatSync(join(dir, "dangling.txt")).isSymbolicLink()).toBe(true);
  });

  it("-o naming an input of the run (a scanned file, the config, the ignore file) is refused before anything is written", () => {
    const dir = project();
    writeFiles(dir, { "rc.yaml": "maxFileSize: 1M\n", ".secretscanignore": "# none\n" });
    symlinkSync("app.py", join(dir, "alias.py"));
    for (const args of [
      ["scan", "app.py", "-o", "app.py"],
      ["scan", "app.py", "-o", "alias.py"],
      ["scan", ".", "--config", "rc.yaml", "-o", "rc.yaml"],
      ["history", ".", "--ignore-file", ".secretscanignore", "-o", ".secretscanignore"],
    ]) {
      expectOneLineError(runCli(args, dir), /is an input of this run/);
    }
    expect(readFileSync(join(dir, "app.py"), "utf8")).toBe(`token = "${TOKEN}"\n`);
    expect(readFileSync(join(dir, "rc.yaml"), "utf8")).toBe("maxFileSize: 1M\n");
  });

  it("install-hook does not follow a dangling pre-commit symlink out of the repository", () => {
    const repo = tempDir("secretscan-out-hook-");
    const outside = tempDir("secretscan-out-target-");
    initRepo(repo);
    symlinkSync(join(outside, "pwned"), join(repo, ".git/hooks/pre-commit"));
    expectOneLineError(runCli(["install-hook", "."], repo), /symbolic link/);
    expect(existsSync(join(outside, "pwned"))).toBe(false);
  });

  it("--fix-gitignore refuses a symlinked .gitignore and leaves its target alone", () => {
    const repo = tempDir("secretscan-out-gi-");
    const outside = tempDir("secretscan-out-gi-target-");
    initRepo(repo);
    writeFileSync(join(outside, "profile"), "export PATH=/usr/bin\n");
    symlinkSync(join(outside, "profile"), join(repo, ".gitignore"));
    writeFiles(repo, { ".env": `TOKEN=${TOKEN}\n` });
    const run = runCli(["scan", ".", "--fix-gitignore"], repo);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\.gitignore: is a symbolic link/);
    expect(readFileSync(join(outside, "profile"), "utf8")).toBe("export PATH=/usr/bin\n");
    expect(lstatSync(join(repo, ".gitignore")).isSymbolicLink()).toBe(true);
  });

  it("--fix-gitignore: a newline in a directory name cannot inject a .gitignore line", () => {
    const repo = tempDir("secretscan-out-nl-");
    initRepo(repo);
    writeFiles(repo, { "x\n*\n!nothing/.env": `TOKEN=${TOKEN}\n`, "keep.txt": "visible\n" });
    runCli(["scan", ".", "--fix-gitignore"], repo);
    const lines = readFileSync(join(repo, ".gitignore"), "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"));
    expect(lines).toEqual(["/x?\\*?!nothing/.env"]);
    expect(gitIn(repo, ["status", "--porcelain", "--untracked-files=all"])).toMatch(/keep\.txt/);
    expect(gitIn(repo, ["status", "--porcelain", "--untracked-files=all"])).not.toMatch(/nothing/);
    expect(statSync(join(repo, ".gitignore")).isFile()).toBe(true);
  });

  it("escape sequences in paths reach no stream raw: the git rm --cached advice and error messages", () => {
    const repo = tempDir("secretscan-out-esc-");
    initRepo(repo);
    const dir = "\u001b[31mred\u001b]0;title\u0007";
    writeFiles(repo, { [`${dir}/.env`]: `TOKEN=${TOKEN}\n` });
    gitIn(repo, ["add", "-A"]);
    const run = runCli(["scan", ".", "--fix-gitignore"], repo);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(/[\u0007\u001b]/);
    const advice = run.stderr.split("\n").find((line) => line.includes("rm --cached")) ?? "";
    expect(advice).toContain("$'");
    execFileSync("bash", ["-c", advice.trim()], { cwd: repo });
    expect(gitIn(repo, ["ls-files"])).toBe("");
    symlinkSync(join(repo, "missing"), join(repo, `${dir}.txt`));
    const refused = runCli(["scan", ".gitignore", "-o", `${dir}.txt`], repo);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/\\x1b\[31mred/);
    expect(refused.stderr).not.toMatch(/[\u0007\u001b]/);
  });
});
