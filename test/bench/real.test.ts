import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { newRepo, tempDir } from "../helpers/gitRepo.js";
import { githubToken } from "../helpers/tokens.js";

const RUN = fileURLToPath(new URL("../../bench/run.mjs", import.meta.url));

/** Runs `npm run bench -- --real …` as a user would (node bench/run.mjs); returns status, stderr and the table file. */
function bench(args: string[]): { status: number | null; stderr: string; table: string } {
  const work = tempDir("secretscan-bench-real-");
  const out = join(work, "out.md");
  const run = spawnSync("node", [RUN, ...args, "--runs", "1", "--work", work, "--out", out], { encoding: "utf8" });
  return { status: run.status, stderr: run.stderr, table: run.status === 0 ? readFileSync(out, "utf8") : "" };
}

/** The cells of the table row whose metric is `metric`, without the leading and trailing bars. */
function row(table: string, metric: string): string[] {
  const line = table.split("\n").find((l) => l.startsWith(`| ${metric} |`));
  expect(line, `row ${metric}`).toBeDefined();
  return (line as string).split(" | ").map((cell) => cell.replace(/^\| | \|$/g, ""));
}

/** A repository whose history holds one secret that HEAD no longer has. */
function repoWithPastSecret() {
  const repo = newRepo();
  repo
    .write("package.json", '{ "name": "demo" }\n')
    .write("deploy.env", `GITHUB_TOKEN=${githubToken(7)}\n`)
    .commit("add");
  repo.remove("deploy.env").commit("remove the token");
  return repo;
}

describe("npm run bench -- --real", () => {
  it("measures history, tree and staged on a real repository and finds the secrets it should", () => {
    const repo = repoWithPastSecret();
    const { status, stderr, table } = bench(["--real", repo.dir, "--only", "history,tree,staged"]);
    const name = repo.dir.split("/").pop() as string;
    expect(status, stderr).toBe(0);
    expect(table).toContain(`- ${name}: 2 commits, 1 refs, 2 blobs`);
    expect(row(table, `${name}: history vs log -p`)[3]).toMatch(/^\d+\.\d\d×$/);
    expect(row(table, `${name}: history findings`)[1]).toBe("1");
    expect(row(table, `${name}: tree findings`)[1]).toBe("0");
    expect(row(table, `${name}: tree vs secretlint`)[1]).toMatch(/^not run: pass --secretlint DIR/);
    expect(row(table, `${name}: staged: planted secret`).slice(1, 3)).toEqual(["1 found", "1 planted"]);
  }, 180_000);

  it("gives a bare repository the history rows only", () => {
    const repo = repoWithPastSecret();
    const bare = join(tempDir("secretscan-bench-bare-"), "mirror.git");
    execFileSync("git", ["clone", "-q", "--mirror", repo.dir, bare]);
    const { status, stderr, table } = bench(["--real", bare, "--only", "history,tree,staged"]);
    expect(status, stderr).toBe(0);
    expect(row(table, "mirror.git: history findings")[1]).toBe("1");
    expect(table).not.toMatch(/mirror\.git: (tree|staged)/);
  }, 180_000);

  it("times a repeat audit after one new commit in a private mirror: new secret found, same findings as --no-cache", () => {
    const repo = repoWithPastSecret();
    const head = repo.git("rev-parse", "HEAD");
    const { status, stderr, table } = bench(["--real", repo.dir, "--only", "repeat"]);
    const name = repo.dir.split("/").pop() as string;
    expect(status, stderr).toBe(0);
    expect(row(table, `${name}: repeat audit after 1 commit vs first`)[3]).toMatch(/^\d+%$/);
    expect(row(table, `${name}: repeat audit: new secret`).slice(1, 3)).toEqual(["1 found", "1 planted"]);
    expect(row(table, `${name}: repeat audit = --no-cache audit`).slice(1, 3)).toEqual([
      "2 findings",
      "2 findings (--no-cache)",
    ]);
    expect(row(table, `${name}: repeat audit = --no-cache audit`)[5]).toBe("PASS");
    expect(repo.git("rev-parse", "HEAD"), "the measured repository is not written to").toBe(head);
    expect(repo.git("for-each-ref", "--format=%(refname)").trim()).toBe("refs/heads/main");
  }, 180_000);

  it("gives a folder that is not a repository the tree rows only", () => {
    const folder = tempDir("secretscan-bench-folder-");
    const repo = repoWithPastSecret();
    execFileSync("git", ["clone", "-q", repo.dir, join(folder, "clone")]);
    const { status, stderr, table } = bench(["--real", folder, "--only", "history,repeat,tree,staged"]);
    const name = folder.split("/").pop() as string;
    expect(status, stderr).toBe(0);
    expect(table).toContain(`- ${name}: not a git repository: tree only`);
    expect(row(table, `${name}: tree findings`).slice(1, 3)).toEqual(["0", "1 files, 0.0 MB scanned"]);
    expect(table).not.toMatch(/: (history|repeat|staged)/);
  }, 180_000);

  it("rejects a --secretlint folder without secretlint in one line with exit 2", () => {
    const repo = repoWithPastSecret();
    const empty = tempDir("secretscan-bench-no-secretlint-");
    const { status, stderr } = bench(["--real", repo.dir, "--only", "tree", "--secretlint", empty]);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(
      `bench: --secretlint: ${join(empty, "node_modules", ".bin", "secretlint")} not found (npm install secretlint in ${empty})`,
    );
  });

  it("rejects a missing repository in one line with exit 2", () => {
    const { status, stderr } = bench(["--real", "/nonexistent/repo"]);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe("bench: --real: /nonexistent/repo does not exist");
  });
});
