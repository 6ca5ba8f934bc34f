import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";

let cwd: string;
let config: string;
let repoA: GitRepo;
let repoB: GitRepo;

interface Finding {
  repository?: string;
  path: string;
  fingerprint: string;
  provenance: { blobId: string; presentAtHead?: boolean };
}

/** Two repositories under one folder: TOKEN_A leaked in both (removed from B), TOKEN_B only in B, TOKEN_C only in A. */
beforeAll(() => {
  cwd = tempDir();
  config = writeTestConfig(tempDir());
  repoA = newRepo();
  repoA.write("deploy.env", `TOKEN=${TOKEN_A}\n`).write("ci/other.sh", `export T=${TOKEN_C}\n`).commit("add deploy");
  repoB = newRepo();
  repoB.write("old.env", `TOKEN=${TOKEN_A}\n`).commit("add old");
  repoB.remove("old.env").write("b.env", `KEY=${TOKEN_B}\n`).commit("replace");
});

/** The audit of both repositories, named as paths relative to `cwd` (`../…`). */
async function audit(format: string) {
  return runMain(["history", repoA.dir, repoB.dir, "-c", config, "-f", format], cwd);
}

describe("secretscan history REPO REPO", () => {
  it("reports every repository's findings, each naming its repository, as the separate runs find them", async () => {
    const run = await audit("json");
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    for (const repo of [repoA, repoB]) {
      const alone = JSON.parse((await runMain(["history", repo.dir, "-c", config, "-f", "json"], cwd)).stdout);
      const mine = report.findings.filter((f: Finding) => f.repository === repo.dir);
      const strip = ({ repository: _repository, ...rest }: Finding) => rest;
      expect(mine.map(strip)).toEqual(alone.findings);
    }
    expect(report.summary.findings).toBe(4);
  });

  it("groups a secret leaked in two repositories into one secret with occurrences in both", async () => {
    const report = JSON.parse((await audit("json")).stdout);
    const shared = report.secrets.filter((s: { paths: string[] }) => s.paths.includes("deploy.env"));
    expect(shared).toHaveLength(1);
    expect(shared[0].repositories).toEqual([repoA.dir, repoB.dir].sort());
    expect(shared[0].state).toBe("at-head");
    expect(shared[0].occurrences.map((o: { repository: string; path: string }) => `${o.repository}:${o.path}`)).toEqual(
      [`${repoA.dir}:deploy.env`, `${repoB.dir}:old.env`],
    );
    const fromB = report.findings.find((f: Finding) => f.path === "old.env");
    expect(fromB.provenance.presentAtHead).toBe(false); // HEAD of B no longer holds it, whatever A does
  });

  it("names the repository in the text, SARIF, CSV and HTML reports", async () => {
    const text = (await audit("text")).stdout;
    expect(text).toContain(`${repoA.dir}/deploy.env`);
    expect(text).toMatch(/repositories +\S+, \S+/);
    const sarif = JSON.parse((await audit("sarif")).stdout);
    const results = sarif.runs[0].results;
    expect(results.map((r: { properties: { repository: string } }) => r.properties.repository)).toContain(repoB.dir);
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/\/(deploy|other|old|b)\.(env|sh)$/);
    const csv = (await audit("csv")).stdout.split("\r\n");
    expect(csv[0]?.endsWith(",repositories")).toBe(true);
    expect(csv.find((line) => line.includes("deploy.env"))).toContain([repoA.dir, repoB.dir].sort().join("; "));
    expect((await audit("html")).stdout).toContain(`${repoB.dir}/b.env`);
  });

  it("exits 2 with one line naming the path that is not a repository, before scanning any", async () => {
    const notRepo = tempDir();
    const run = await runMain(["history", repoA.dir, notRepo, repoB.dir, "-c", config], cwd);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      `secretscan: ${notRepo}: not inside a git work tree (run git init, or pass the repository path)`,
    ]);
  });

  it("refuses the same repository twice, and --range or --shard over several", async () => {
    const twice = await runMain(["history", repoA.dir, join(repoA.dir, "ci"), "-c", config], cwd);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/the same repository as .*; name each once/);
    for (const flag of [
      ["--range", "HEAD~1..HEAD"],
      ["--shard", "1/2"],
    ]) {
      const run = await runMain(["history", repoA.dir, repoB.dir, ...flag], cwd);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${flag[0]} applies to one repository`));
    }
  });
});
