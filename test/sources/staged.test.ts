import { beforeAll, describe, expect, it } from "vitest";
import { scanStaged, type StagedScanOptions } from "../../src/modes/scanStaged.js";
import { parseRawEntries } from "../../src/git/rawDiff.js";
import { type GitRepo, newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig } from "../helpers/gitRepo.js";

let config: string;
beforeAll(() => {
  config = writeTestConfig(tempDir());
});

function staged(repo: GitRepo, options: StagedScanOptions = {}) {
  return scanStaged({ repo: repo.dir, config, ...options });
}

describe("scanStaged", () => {
  it("reads the index: a staged secret deleted from the working file is still found", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("app.env", `TOKEN=${TOKEN_A}\n`).git("add", "app.env");
    repo.write("app.env", "TOKEN=\n");
    const result = await staged(repo);
    expect(result.findings).toHaveLength(1);
    const finding = result.findings[0];
    expect(finding?.path).toBe("app.env");
    expect(finding?.location.startLine).toBe(1);
    expect(finding?.provenance).toEqual({
      type: "index",
      path: "app.env",
      blobId: repo.git("rev-parse", ":app.env").trim(),
    });
  });

  it("does not read the working tree: a clean staged file with a dirty working copy passes", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("app.env", "TOKEN=\n").git("add", "app.env");
    repo.write("app.env", `TOKEN=${TOKEN_A}\n`);
    repo.write("untracked.env", `TOKEN=${TOKEN_B}\n`);
    expect((await staged(repo)).findings).toEqual([]);
  });

  it("reports only lines the staged change adds or modifies, unless allLines", async () => {
    const repo = newRepo();
    repo.write("settings.env", `OLD=${TOKEN_A}\nname=app\n`).commit("old secret, already committed");
    repo.write("settings.env", `OLD=${TOKEN_A}\nname=app\nNEW=${TOKEN_B}\n`).git("add", "-A");
    const result = await staged(repo);
    expect(result.findings.map((f) => f.location.startLine)).toEqual([3]);
    const all = await staged(repo, { allLines: true });
    expect(all.findings.map((f) => f.location.startLine)).toEqual([1, 3]);
  });

  it("works before the first commit and with odd file names", async () => {
    const repo = newRepo();
    const names = ["with space.env", "new\nline.env", "ключ.env", "-rf.env"];
    for (const [index, name] of names.entries()) repo.write(name, `T=${[TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_A][index]}\n`);
    repo.git("add", "-A");
    const result = await staged(repo);
    expect(result.findings.map((f) => f.path).sort()).toEqual([...names].sort());
  });

  it("ignores a pure rename and staged deletions, and passes an empty index", async () => {
    const repo = newRepo();
    repo.write("a.env", `T=${TOKEN_A}\n`).write("b.env", `T=${TOKEN_B}\n`).commit("secrets");
    expect((await staged(repo)).findings).toEqual([]);
    repo.git("mv", "a.env", "renamed.env");
    repo.git("rm", "-q", "b.env");
    expect((await staged(repo)).findings).toEqual([]);
  });

  it("honours a secretscan:allow marker on the staged line", async () => {
    const repo = newRepo();
    repo.write("test.env", `T=${TOKEN_C} # secretscan:allow -- test fixture\n`).git("add", "-A");
    const result = await staged(repo);
    expect(result.findings).toEqual([]);
  });

  it("rejects a directory that is not a repository", async () => {
    await expect(scanStaged({ repo: tempDir(), config })).rejects.toThrow(/not inside a git work tree/);
  });
});

describe("parseRawEntries", () => {
  it("reads paths and blob ids, taking the new name of a rename, and finds where the patch starts", () => {
    const blob = "a".repeat(40);
    const raw = `:100644 100644 ${"b".repeat(40)} ${blob} M\0x y.txt\0:100644 100644 ${blob} ${blob} R100\0old\0new\0\0diff --git a/x b/x\n`;
    const { files, patchStart } = parseRawEntries(raw);
    expect(files).toEqual([
      { path: "x y.txt", blobId: blob, mode: "100644" },
      { path: "new", blobId: blob, mode: "100644" },
    ]);
    expect(raw.slice(patchStart)).toBe("diff --git a/x b/x\n");
  });
});
