import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/types.js";
import { CatFile, objectSizes, StreamedSizes } from "../../src/git/catFile.js";
import { scanHistory, type HistoryScanOptions } from "../../src/modes/scanHistory.js";
import { type GitRepo, newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig } from "../helpers/gitRepo.js";

const NOW = () => new Date("2024-03-01T12:00:00Z");
let config: string;
beforeAll(() => {
  config = writeTestConfig(tempDir());
});

function history(repo: GitRepo | string, options: HistoryScanOptions = {}) {
  return scanHistory({ repo: typeof repo === "string" ? repo : repo.dir, config, now: NOW, ...options });
}

/** The git-blob provenance of a finding (fails the test for any other kind). */
function blob(finding: Finding | undefined) {
  const provenance = finding?.provenance;
  if (provenance?.type !== "git-blob")
    throw new Error(`expected git-blob provenance, got ${JSON.stringify(provenance)}`);
  return provenance;
}

describe("scanHistory", () => {
  it("finds a secret that was added and later removed: not at HEAD, removedBy set, exposure counted", async () => {
    const repo = newRepo();
    repo.write("README.md", "hello\n").commit("init");
    const added = repo.write("app.env", `TOKEN=${TOKEN_A}\n`).commit("add config");
    const removed = repo.write("app.env", "TOKEN=${TOKEN}\n").commit("use env");
    const result = await history(repo);
    expect(result.findings).toHaveLength(1);
    const provenance = blob(result.findings[0]);
    expect(result.findings[0]?.path).toBe("app.env");
    expect(provenance.introducedBy).toMatchObject({
      sha: added,
      authorName: "Ada Tester",
      authorEmail: "ada@example.test",
      subject: "add config",
    });
    expect(provenance.removedBy?.sha).toBe(removed);
    expect(provenance.presentAtHead).toBe(false);
    expect(provenance.headPath).toBeUndefined();
    expect(provenance.firstCommittedAt).toBe("2024-01-03T12:00:00+00:00");
    expect(provenance.exposedDays).toBe(58);
    expect(result.versionControl).toMatchObject({ revisionId: removed, branch: "main" });
  });

  it("reports a secret still at HEAD as present, with its path and no removal", async () => {
    const repo = newRepo();
    repo.write("config/app.yml", `token: ${TOKEN_A}\n`).commit("add");
    repo.write("other.txt", "x\n").commit("other");
    const result = await history(repo);
    const provenance = blob(result.findings[0]);
    expect(provenance.presentAtHead).toBe(true);
    expect(provenance.headPath).toBe("config/app.yml");
    expect(provenance.removedBy).toBeUndefined();
  });

  it("scans a blob shared by two paths and two branches once and reports each introduction", async () => {
    const repo = newRepo();
    repo.write("base.txt", "base\n").commit("init");
    const shared = `key=${TOKEN_B}\n`;
    const onMain = repo.write("a.env", shared).write("b.env", shared).commit("two copies");
    repo.git("checkout", "-q", "-b", "feature", "HEAD~1");
    const onFeature = repo.write("c.env", shared).commit("third copy on a branch");
    repo.git("checkout", "-q", "main");
    const result = await history(repo);
    const blobIds = new Set(result.findings.map((finding) => blob(finding).blobId));
    expect(blobIds.size).toBe(1);
    const places = result.findings.map((finding) => `${finding.path}@${blob(finding).introducedBy?.sha}`).sort();
    expect(places).toEqual([`a.env@${onMain}`, `b.env@${onMain}`, `c.env@${onFeature}`].sort());
    const uniqueBlobs = repo
      .git("rev-list", "--all", "--objects")
      .split("\n")
      .filter((line) => line.includes(" ") && !line.endsWith(" ")).length;
    expect(result.stats.blobs).toBeLessThanOrEqual(uniqueBlobs);
    expect(result.stats.blobs).toBe(2); // base.txt and the shared blob, each read once
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(3);
  });

  it("attributes a merged secret to the branch commit, not the merge, and finds secrets on unmerged branches", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.git("checkout", "-q", "-b", "feature");
    const branchCommit = repo.write("feature.env", `T=${TOKEN_A}\n`).commit("feature secret");
    repo.git("checkout", "-q", "main");
    repo.write("main.txt", "m\n").commit("main work");
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
    repo.git("checkout", "-q", "-b", "wip", "main~1");
    const unmerged = repo.write("wip.env", `T=${TOKEN_C}\n`).commit("wip secret");
    repo.git("checkout", "-q", "main");
    const result = await history(repo);
    expect(result.findings).toHaveLength(2);
    const feature = result.findings.find((f) => f.path === "feature.env");
    expect(blob(feature).introducedBy?.sha).toBe(branchCommit);
    expect(blob(feature).presentAtHead).toBe(true);
    const wip = result.findings.find((f) => f.path === "wip.env");
    expect(blob(wip).introducedBy?.sha).toBe(unmerged);
    expect(blob(wip).presentAtHead).toBe(false);
    expect(blob(wip).removedBy).toBeUndefined();
    const onlyMain = await history(repo, { branch: "main" });
    expect(onlyMain.findings.map((f) => f.path)).toEqual(["feature.env"]);
  });

  it("finds a secret in a commit only a tag reaches, and works on a detached HEAD", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.git("checkout", "-q", "--detach");
    const tagged = repo.write("release.env", `T=${TOKEN_B}\n`).commit("release build");
    repo.git("tag", "v1.0.0");
    repo.git("checkout", "-q", "main");
    repo.git("checkout", "-q", "--detach", "HEAD");
    const result = await history(repo);
    expect(result.findings).toHaveLength(1);
    expect(blob(result.findings[0]).introducedBy?.sha).toBe(tagged);
    expect(result.versionControl?.branch).toBeUndefined();
  });

  it("follows an exact rename: one finding, present at HEAD under the new path", async () => {
    const repo = newRepo();
    const added = repo.write("old name.env", `T=${TOKEN_A}\n`).commit("add");
    repo.write("config/keep.txt", "k\n").git("mv", "old name.env", "config/new.env");
    repo.commit("rename");
    const result = await history(repo);
    expect(result.findings).toHaveLength(1);
    const provenance = blob(result.findings[0]);
    expect(provenance.introducedBy?.sha).toBe(added);
    expect(provenance.headPath).toBe("config/new.env");
    expect(provenance.presentAtHead).toBe(true);
    expect(provenance.removedBy).toBeUndefined();
  });

  it("handles file names with spaces, newlines, unicode and a leading dash", async () => {
    const repo = newRepo();
    const names = ["with space.env", "new\nline.env", "ключ-🔑.env", "-rf.env", "--help"];
    for (const [index, name] of names.entries()) repo.write(name, `T=${[TOKEN_A, TOKEN_B, TOKEN_C][index % 3]}\n`);
    repo.commit("odd names");
    const result = await history(repo);
    expect(result.findings.map((f) => f.path).sort()).toEqual([...names].sort());
    for (const finding of result.findings) expect(blob(finding).headPath).toBe(finding.path);
  });

  it("scans a shallow clone: what the boundary commit has, with a hint", async () => {
    const repo = newRepo();
    repo.write("gone.env", `T=${TOKEN_A}\n`).commit("old secret");
    repo.remove("gone.env").write("live.env", `T=${TOKEN_B}\n`).commit("new secret");
    const clone = join(tempDir(), "clone");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.dir}`, clone]);
    const result = await history(clone);
    expect(result.findings.map((f) => f.path)).toEqual(["live.env"]);
    expect(blob(result.findings[0]).presentAtHead).toBe(true);
    expect(result.hints.map((h) => h.code)).toContain("shallow-clone");
  });

  it("returns no findings and a hint for an empty repository", async () => {
    const repo = newRepo();
    const result = await history(repo);
    expect(result.findings).toEqual([]);
    expect(result.hints.map((h) => h.code)).toContain("empty-repository");
    expect(result.versionControl).toBeUndefined();
  });

  it("--range reports only what the range introduced", async () => {
    const repo = newRepo();
    const base = repo.write("old.env", `T=${TOKEN_A}\n`).commit("base with old secret");
    repo.git("checkout", "-q", "-b", "pr");
    const inRange = repo.write("new.env", `T=${TOKEN_B}\n`).commit("pr adds a secret");
    repo.write("docs.md", "docs\n").commit("pr docs");
    const result = await history(repo, { range: `${base}..pr` });
    expect(result.findings.map((f) => f.path)).toEqual(["new.env"]);
    expect(blob(result.findings[0]).introducedBy?.sha).toBe(inRange);
    await expect(history(repo, { range: "--all..HEAD" })).rejects.toThrow(/dash/);
    await expect(history(repo, { range: "nope..HEAD" })).rejects.toThrow(/not a commit/);
    await expect(history(repo, { branch: "-p" })).rejects.toThrow(/dash/);
  });

  it("--since limits the walk by commit date", async () => {
    const repo = newRepo();
    repo.write("early.env", `T=${TOKEN_A}\n`).commit("early"); // 2024-01-02
    repo.write("later.env", `T=${TOKEN_B}\n`).commit("later"); // 2024-01-03
    const result = await history(repo, { since: "2024-01-03T00:00:00Z" });
    expect(result.findings.map((f) => f.path)).toEqual(["later.env"]);
  });

  it("--unreachable also scans blobs no ref reaches, without commit provenance", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("oops.env", `T=${TOKEN_C}\n`).commit("oops");
    repo.git("reset", "-q", "--hard", "HEAD~1");
    expect((await history(repo)).findings).toEqual([]);
    const result = await history(repo, { includeUnreachable: true });
    expect(result.findings).toHaveLength(1);
    const provenance = blob(result.findings[0]);
    expect(provenance.isUnreachable).toBe(true);
    expect(provenance.introducedBy).toBeUndefined();
  });

  it("reports binary, too-large, LFS-pointer and submodule entries as diagnostics", async () => {
    const repo = newRepo();
    repo.write("image.bin", `\u0000\u0001${TOKEN_A}`);
    repo.write("big.env", `T=${TOKEN_B}\n${"x".repeat(5000)}\n`);
    repo.write(
      "model.bin",
      "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    repo.commit("assets");
    const sub = repo.git("rev-parse", "HEAD").trim();
    repo.git("update-index", "--add", "--cacheinfo", `160000,${sub},vendor/lib`);
    repo.git("commit", "-q", "-m", "submodule");
    const result = await history(repo, { maxFileSize: 1000 });
    expect(result.findings).toEqual([]);
    const reasons = Object.fromEntries(result.diagnostics.map((d) => [d.path, d.reason]));
    expect(reasons).toMatchObject({
      "image.bin": "binary",
      "big.env": "too-large",
      "model.bin": "lfs-pointer",
      "vendor/lib": "submodule",
    });
  });

  it("rejects a directory that is not a repository", async () => {
    await expect(history(tempDir())).rejects.toThrow(/not inside a git work tree/);
  });

  it("finds a secret that only the stash holds, and survives odd commit subjects", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.git("commit", "-q", "--allow-empty", "--allow-empty-message", "-m", "");
    repo.git("commit", "-q", "--allow-empty", "-m", ":100644 100644 looks like a raw line");
    repo.write("README.md", `r\nT=${TOKEN_A}\n`);
    repo.git("stash", "-q");
    const result = await history(repo);
    expect(result.findings.map((f) => f.path)).toEqual(["README.md"]);
    expect(blob(result.findings[0]).presentAtHead).toBe(false);
  });
});

describe("CatFile", () => {
  it.each([1, 2])(
    "streams many blobs in batches, in request order, and reports missing objects (%i processes)",
    async (processes) => {
      const repo = newRepo();
      for (let i = 0; i < 300; i++) repo.write(`f/${i}.txt`, `file ${i}\n`);
      repo.write("big.txt", "0123456789abcdef".repeat(200_000));
      repo.commit("many");
      const tree = repo
        .git("ls-tree", "-r", "HEAD")
        .trim()
        .split("\n")
        .map((line) => line.split(/\s+/)[2] as string);
      const missing = "0123456789012345678901234567890123456789";
      const reader = new CatFile(repo.dir, processes);
      const seen: Array<{ oid: string; size: number; isMissing: boolean }> = [];
      try {
        for await (const object of reader.objects([...tree, missing])) {
          seen.push({
            oid: object.oid,
            isMissing: object.isMissing,
            size: object.isMissing ? -1 : object.content.length,
          });
        }
      } finally {
        await reader.close();
      }
      expect(seen.map((s) => s.oid)).toEqual([...tree, missing]);
      expect(seen.at(-1)?.isMissing).toBe(true);
      expect(Math.max(...seen.map((s) => s.size))).toBe(3_200_000);
      const guarded = new CatFile(repo.dir);
      await expect(async () => {
        for await (const _ of guarded.objects(["--batch-all-objects"])) void _;
      }).rejects.toThrow(/not an object id/);
      await guarded.close();
      const sizes = await objectSizes(repo.dir, [...tree, missing]);
      expect(sizes.size).toBe(tree.length);
      expect(sizes.has(missing)).toBe(false);
      expect(Math.max(...sizes.values())).toBe(3_200_000);
      expect(await objectSizes(repo.dir, [])).toEqual(new Map());
      await expect(objectSizes(repo.dir, ["--batch-all-objects"])).rejects.toThrow(/not an object id/);
      const streamed = new StreamedSizes(repo.dir);
      for (const oid of [...tree, missing, ...tree]) streamed.add(oid);
      expect(await streamed.result()).toEqual(sizes);
      const aborted = new StreamedSizes(repo.dir);
      expect(() => aborted.add("HEAD")).toThrow(/not an object id/);
      aborted.abort();
    },
  );
});
