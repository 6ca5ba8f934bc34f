import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.js";
import { type GitRepo, newRepo } from "../helpers/gitRepo.js";
import { awsAccessKeyId, awsSecretKey, githubToken } from "../helpers/tokens.js";

/**
 * The detector's byte loops (keyword DFA, base64 run marks, newline search) run in WebAssembly,
 * which `node --jitless` does not have; each has a JavaScript path that must find the same. A
 * history of a large file edited twice (delta windows, line tables) with plain, base64-encoded and
 * non-ASCII-surrounded secrets is audited both ways.
 */
function largeFile(version: number): string {
  const lines = Array.from({ length: 4000 }, (_, i) => `const setting${i} = compute(${i}); // réglage ${i} ✓`);
  lines[100] = `const GITHUB_TOKEN = "${githubToken(701)}";`;
  lines[2000] = `const ENCODED = "${Buffer.from(`token=${githubToken(702)}`).toString("base64")}";`;
  lines[3900] = `aws_access_key_id = ${awsAccessKeyId(703)}\naws_secret_access_key = ${awsSecretKey(704)}`;
  if (version > 1) lines[1500] = `const ADDED = "${githubToken(705)}"; // ajouté en v${version}`;
  return `${lines.join("\n")}\n`;
}

/** The findings of one run, reduced to what identifies them (rule, place, fingerprint). */
function findingsOf(repo: GitRepo, nodeArgs: string[], args: string[]): string[] {
  const run = spawnSync(process.execPath, [...nodeArgs, BIN, ...args, "--no-config", "-f", "json"], {
    cwd: repo.dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(1);
  const report = JSON.parse(run.stdout) as {
    findings: Array<{ ruleId: string; path: string; fingerprint: string; location: { startLine: number } }>;
  };
  return report.findings.map((f) => `${f.ruleId} ${f.path}:${f.location.startLine} ${f.fingerprint}`).sort();
}

describe("node --jitless (no WebAssembly)", () => {
  let repo: GitRepo;

  beforeAll(() => {
    repo = newRepo();
    repo.write("src/settings.js", largeFile(1)).commit("settings");
    repo.write("src/settings.js", largeFile(2)).commit("a token added");
    repo.write("src/settings.js", largeFile(3)).commit("edited again");
  });

  it("finds in history exactly what a run with WebAssembly finds", () => {
    const args = ["history", ".", "--no-cache"];
    const withWasm = findingsOf(repo, [], args);
    // Three versions hold the plain and the encoded token; the added one is in the last two.
    expect(withWasm.filter((line) => line.startsWith("github"))).toHaveLength(3 + 3 + 2);
    expect(findingsOf(repo, ["--jitless"], args)).toEqual(withWasm);
  });

  it("finds in the working tree exactly what a run with WebAssembly finds", () => {
    const args = ["scan", ".", "--threads", "0"];
    const withWasm = findingsOf(repo, [], args);
    expect(withWasm.map((line) => line.split(" ").slice(0, 2).join(" "))).toEqual([
      "aws-secret-access-key src/settings.js:3902",
      "github-personal-access-token-classic src/settings.js:101",
      "github-personal-access-token-classic src/settings.js:1501",
      "github-personal-access-token-classic src/settings.js:2001",
    ]);
    expect(findingsOf(repo, ["--jitless"], args)).toEqual(withWasm);
  });
});
