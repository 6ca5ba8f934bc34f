import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { TEST_CONFIG, TOKEN_A } from "../helpers/gitRepo.js";

let repo: string;

/** A repository whose own config (one test rule, no built-ins) sits at its top, with a secret two folders down, committed and staged. */
beforeAll(() => {
  repo = tempDir();
  initRepo(repo);
  writeFiles(repo, { ".secretscanrc.yaml": TEST_CONFIG, "sub/deep/a.py": `TOKEN = "${TOKEN_A}"\n` });
  gitIn(repo, ["add", "-A"]);
  gitIn(repo, ["commit", "-q", "-m", "leak"]);
  writeFiles(repo, { "sub/deep/b.py": `TOKEN = "${TOKEN_A}"\n` });
  gitIn(repo, ["add", "-A"]);
});

/** The rule ids a JSON report found. */
async function ruleIds(argv: string[], cwd: string): Promise<string[]> {
  const run = await runMain([...argv, "-f", "json"], cwd);
  expect(run.code, run.stderr).toBe(1);
  return [...new Set(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId))] as string[];
}

describe("config is discovered from the scanned repository, for every command", () => {
  it("scan, staged and history of a repository run from another directory honour its config", async () => {
    const elsewhere = tempDir();
    expect(await ruleIds(["scan", repo], elsewhere)).toEqual(["test-ghp"]);
    expect(await ruleIds(["scan", join(repo, "sub/deep/a.py")], elsewhere)).toEqual(["test-ghp"]);
    expect(await ruleIds(["staged", repo], elsewhere)).toEqual(["test-ghp"]);
    expect(await ruleIds(["history", repo], elsewhere)).toEqual(["test-ghp"]);
  });

  it("a scan from a subfolder and rules list there see the repository's config", async () => {
    expect(await ruleIds(["scan", "."], join(repo, "sub/deep"))).toEqual(["test-ghp"]);
    const list = await runMain(["rules", "list", "-f", "json"], join(repo, "sub/deep"));
    expect(JSON.parse(list.stdout).map((rule: { id: string }) => rule.id)).toEqual(["test-ghp"]);
  });

  it("--config still wins, relative to the current directory", async () => {
    const own = tempDir();
    writeFiles(own, { "other.yaml": TEST_CONFIG.replaceAll("test-ghp", "mine") });
    expect(await ruleIds(["scan", repo, "--config", "other.yaml"], own)).toEqual(["mine"]);
  });
});
