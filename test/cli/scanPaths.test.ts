import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { fingerprintOf, sha256 } from "../../src/findings/build.js";
import { secretHashOf } from "../../src/findings/secretHash.js";
import { runMain } from "../helpers/captureIo.js";
import { initRepo } from "../helpers/git.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { TOKEN_A, writeTestConfig } from "../helpers/gitRepo.js";

let repo: string;
let config: string;

/** A repository with one secret two folders down, plus an unrelated folder. */
beforeAll(() => {
  repo = tempDir();
  initRepo(repo);
  writeFiles(repo, { "sub/deep/a.py": `TOKEN = "${TOKEN_A}"\n`, "other/b.txt": "nothing\n" });
  config = writeTestConfig(tempDir());
});

async function findingOf(argv: string[], cwd: string) {
  const run = await runMain(["scan", ...argv, "--config", config, "-f", "json"], cwd);
  expect(run.code, run.stderr).toBe(1);
  const [finding] = JSON.parse(run.stdout).findings;
  return { path: finding.path, fingerprint: finding.fingerprint };
}

describe("report paths are relative to the repository root", () => {
  it("gives one path and fingerprint however the scan is called and from wherever", async () => {
    const expected = {
      path: "sub/deep/a.py",
      fingerprint: fingerprintOf("test-ghp", secretHashOf(TOKEN_A), "sub/deep/a.py"),
    };
    const elsewhere = tempDir();
    const runs = [
      await findingOf(["."], repo),
      await findingOf(["sub"], repo),
      await findingOf(["sub/deep"], repo),
      await findingOf(["sub/deep/a.py"], repo),
      await findingOf(["sub/deep", "other"], repo),
      await findingOf(["."], join(repo, "sub/deep")),
      await findingOf(["a.py"], join(repo, "sub/deep")),
      await findingOf([join(repo, "sub/deep")], elsewhere),
      await findingOf([join(repo, "sub/deep/a.py")], elsewhere),
    ];
    for (const run of runs) expect(run).toEqual(expected);
  });

  it("gives SARIF the repository root as %SRCROOT% and the full repository path as the uri", async () => {
    const run = await runMain(["scan", "sub", "--config", config, "-f", "sarif"], repo);
    const log = JSON.parse(run.stdout);
    expect(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toBe(`${pathToFileURL(repo).href}/`);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toMatchObject({
      uri: "sub/deep/a.py",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("keeps ignore-file fingerprints and baselines written with folder-relative paths matching", async () => {
    const old = fingerprintOf("test-ghp", sha256(TOKEN_A), "a.py");
    const ignoreFile = join(tempDir(), "ignore");
    writeFileSync(ignoreFile, `${old}\n`);
    const ignored = await runMain(["scan", "sub/deep", "--config", config, "--ignore-file", ignoreFile], repo);
    expect(ignored.code, ignored.stdout).toBe(0);
    const baseline = join(tempDir(), "baseline.json");
    writeFileSync(
      baseline,
      JSON.stringify({
        version: 1,
        tool: "secretscan",
        entries: [{ fingerprint: old, ruleId: "test-ghp", secretHash: sha256(TOKEN_A), path: "a.py" }],
      }),
    );
    const known = await runMain(["scan", ".", "--config", config, "--baseline", baseline], repo);
    expect(known.code, known.stdout).toBe(0);
  });

  it("outside a work tree, paths stay relative to the folder scanned", async () => {
    const plain = tempDir();
    writeFiles(plain, { "x/y.env": `TOKEN=${TOKEN_A}\n` });
    const run = await runMain(["scan", "x", "--config", config, "-f", "json"], plain);
    expect(JSON.parse(run.stdout).findings[0].path).toBe("y.env");
  });
});
