import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { describeErrors, sarifValidator } from "../helpers/ajv.js";
import { ensureBuilt, runMain } from "../helpers/captureIo.js";
import { BIN, runCli } from "../helpers/cli.js";
import { newRepo, TEST_CONFIG, TOKEN_A, TOKEN_B, tempDir, writeTestConfig } from "../helpers/gitRepo.js";

let config: string;
beforeAll(() => {
  config = writeTestConfig(tempDir());
});

describe("secretscan staged", () => {
  it("blocks (exit 1) with file, line, rule, redacted secret, how to fix and how to allow", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("src/settings.env", `name=app\nTOKEN=${TOKEN_A}\n`).git("add", "-A");
    const run = await runMain(["staged", "--config", config], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("src/settings.env");
    expect(run.stderr).toContain("commit blocked");
    expect(run.stderr).toContain("src/settings.env:2:7  Test GitHub token (test-ghp)  ghp_…");
    expect(run.stderr).toMatch(/environment variable or a secret manager/);
    expect(run.stderr).toMatch(/\.gitignore/);
    expect(run.stderr).toMatch(/secretscan:allow/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN_A);
  });

  it("reads a staged UTF-16 file as text and a Git LFS pointer as a note, never as a secret", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`name=app\nTOKEN=${TOKEN_A}\n`, "utf16le")]);
    writeFileSync(join(repo.dir, "wide.env"), utf16);
    repo.write("big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12\n").git("add", "-A");
    const run = await runMain(["staged", "--config", config, "--format", "json"], repo.dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(
      report.findings.map((f: { path: string; location: { startLine: number } }) => [f.path, f.location.startLine]),
    ).toEqual([["wide.env", 2]]);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ path: "big.bin", reason: "lfs-pointer" }));
  });

  it("exits 0 when the staged change is clean, even with a secret in the working tree", async () => {
    const repo = newRepo();
    repo.write("app.env", "TOKEN=\n").git("add", "-A");
    repo.write("app.env", `TOKEN=${TOKEN_B}\n`);
    const run = await runMain(["staged", "--config", config], repo.dir);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("from a subdirectory, scans the whole staged change with paths from the top of the work tree", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("deploy/prod.env", `TOKEN=${TOKEN_A}\n`).write("src/app/main.txt", "x\n").git("add", "-A");
    const run = await runMain(["staged", "--config", config, "-f", "json"], join(repo.dir, "src", "app"));
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((finding: { path: string }) => finding.path)).toEqual([
      "deploy/prod.env",
    ]);
  });

  it("exits 2 outside a repository and for unknown flags", async () => {
    expect((await runMain(["staged", "--config", config], tempDir())).code).toBe(2);
    const repo = newRepo();
    expect((await runMain(["staged", "--bogus"], repo.dir)).code).toBe(2);
  });

  it("writes SARIF with index provenance that validates", async () => {
    const repo = newRepo();
    repo.write("k.env", `T=${TOKEN_B}\n`).git("add", "-A");
    const run = await runMain(["staged", "--config", config, "-f", "sarif"], repo.dir);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    expect(log.runs[0].results[0].properties).toMatchObject({
      provenance: "index",
      blobId: repo.git("rev-parse", ":k.env").trim(),
    });
    expect(run.stderr).toBe("");
  });
});

describe("secretscan install-hook", () => {
  it("writes an executable pre-commit hook, refuses to replace a foreign one without --force", async () => {
    const repo = newRepo();
    const first = await runMain(["install-hook"], repo.dir);
    expect(first.code, first.stderr).toBe(0);
    const hook = join(repo.dir, ".git/hooks/pre-commit");
    expect(readFileSync(hook, "utf8")).toContain("secretscan staged");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect((await runMain(["install-hook"], repo.dir)).code).toBe(0); // ours: safe to rewrite
    writeFileSync(hook, "#!/bin/sh\nrun-my-linter\n");
    const refused = await runMain(["install-hook", repo.dir], tempDir());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(hook, "utf8")).toContain("run-my-linter");
    const forced = await runMain(["install-hook", "--force"], repo.dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(`${hook}.secretscan-backup`, "utf8")).toContain("run-my-linter");
    expect(readFileSync(hook, "utf8")).toContain("secretscan staged");
  });

  it("respects core.hooksPath and worktrees", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.git("config", "core.hooksPath", "githooks");
    expect((await runMain(["install-hook"], repo.dir)).code).toBe(0);
    expect(existsSync(join(repo.dir, "githooks/pre-commit"))).toBe(true);
    repo.git("config", "--unset", "core.hooksPath");
    const worktree = join(tempDir(), "wt");
    repo.git("worktree", "add", "-q", worktree);
    expect((await runMain(["install-hook"], worktree)).code).toBe(0);
    expect(existsSync(join(repo.dir, ".git/hooks/pre-commit"))).toBe(true);
  });

  it("prints the snippet for husky or lefthook instead of writing", async () => {
    const husky = newRepo();
    mkdirSync(join(husky.dir, ".husky"));
    const run = await runMain(["install-hook"], husky.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(".husky/pre-commit");
    expect(run.stdout).toContain("npx --no-install secretscan staged");
    expect(existsSync(join(husky.dir, ".git/hooks/pre-commit"))).toBe(false);
    const lefthook = newRepo();
    writeFileSync(join(lefthook.dir, "lefthook.yml"), "pre-push: {}\n");
    const snippet = await runMain(["install-hook"], lefthook.dir);
    expect(snippet.stdout).toContain(
      "pre-commit:\n  commands:\n    secretscan:\n      run: npx --no-install secretscan staged",
    );
    expect(existsSync(join(lefthook.dir, ".git/hooks/pre-commit"))).toBe(false);
  });

  it("ships a pre-commit framework hook definition", () => {
    const file = fileURLToPath(new URL("../../.pre-commit-hooks.yaml", import.meta.url));
    const hooks = parse(readFileSync(file, "utf8")) as Array<Record<string, unknown>>;
    expect(hooks[0]).toMatchObject({
      id: "secretscan",
      entry: "secretscan staged",
      language: "node",
      pass_filenames: false,
    });
  });
});

describe("secretscan staged (real binary)", () => {
  beforeAll(() =>
    ensureBuilt([
      "src/cli/stagedCommand.ts",
      "src/modes/scanStaged.ts",
      "src/sources/staged.ts",
      "src/cli/installHook.ts",
    ]),
  );

  it("blocks a real commit through the installed hook, and is fast on a small change in a large repository", () => {
    const repo = newRepo();
    for (let i = 0; i < 3000; i++)
      repo.write(`pkg/m${Math.floor(i / 100)}/f${i}.ts`, `export const v${i} = ${i};\n`.repeat(20));
    repo.commit("large tree");
    repo.write("pkg/m1/f1.ts", `export const token = "${TOKEN_A}";\n`).git("add", "-A");
    const started = performance.now();
    const run = runCli(["staged", "--config", config], repo.dir);
    const elapsed = performance.now() - started;
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain("pkg/m1/f1.ts:1:23");
    expect(elapsed).toBeLessThan(3000); // generous for CI; typically ~0.2 s including node start-up
    const outside = runCli(["staged", "--config", config, "--all-lines"], tempDir());
    expect(outside.status).toBe(2);
    // The installed hook, with secretscan on PATH and the repository's own config file.
    const bin = tempDir();
    writeFileSync(join(bin, "secretscan"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    writeFileSync(join(repo.dir, ".secretscanrc.yaml"), TEST_CONFIG);
    expect(runCli(["install-hook"], repo.dir).status).toBe(0);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const commit = spawnSync("git", ["commit", "-q", "-m", "add token"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain("commit blocked");
    expect(repo.git("log", "--format=%s")).not.toContain("add token");
  });
});
