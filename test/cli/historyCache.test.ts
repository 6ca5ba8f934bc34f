import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeCache } from "../../src/modes/historyCacheFile.js";
import { historyJson, runMain } from "../helpers/captureIo.js";
import { newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";

let config: string;
let keyDir: string;

beforeAll(() => {
  // The per-user key lives outside every repository; each test file gets its own.
  keyDir = tempDir("secretscan-xdg-");
  process.env.XDG_CACHE_HOME = keyDir;
  config = writeTestConfig(tempDir());
});

/** A history of clean files and one secret, with enough blobs that a repeat run has much to skip. */
function historyRepo(): GitRepo {
  const repo = newRepo();
  for (let i = 0; i < 5; i++) repo.write(`src/module${i}.ts`, `export const value${i} = ${i};\n`).commit(`module ${i}`);
  repo.write("old.env", `TOKEN=${TOKEN_A}\n`).commit("add a token");
  repo.remove("old.env").commit("remove it");
  return repo;
}

const cacheFile = (repo: GitRepo) => join(repo.dir, ".git", "secretscan", "history.cache");

/** Blob ids of the repository's history, all of them. */
function blobIds(repo: GitRepo): string[] {
  return repo
    .git("rev-list", "--objects", "--all")
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((id) => id !== "" && repo.git("cat-file", "-t", id).trim() === "blob");
}

/** A cache, signed with `key`, that claims every blob of the repository has no match under any treatment. */
function claimAllClean(repo: GitRepo, key: Buffer, settings: string): string {
  const header = headerOf(repo);
  const signatures = new Set<string>(header.signatures);
  const blobs = new Map(
    blobIds(repo).map((id) => [
      id,
      { sniff: { kind: "text" as const, bytes: 1 }, clean: signatures, matched: new Map() },
    ]),
  );
  return serializeCache(key, { repository: header.repository, settings }, blobs);
}

const headerOf = (repo: GitRepo) => JSON.parse(readFileSync(cacheFile(repo), "utf8").split("\n")[1] ?? "{}");

// Each case runs history several times: minutes on a loaded machine, not a failure.
describe("history cache", { timeout: 180_000 }, () => {
  it("a repeat run after a new commit reports exactly what a full run does, new secret included", async () => {
    const repo = historyRepo();
    const first = await historyJson(repo.dir, config);
    expect(existsSync(cacheFile(repo))).toBe(true);
    expect(statSync(cacheFile(repo)).mode & 0o777).toBe(0o600);
    expect(statSync(join(keyDir, "secretscan", "cache-key")).mode & 0o777).toBe(0o600);
    repo.write("new.env", `TOKEN=${TOKEN_B}\n`).commit("add another token");
    const cached = await historyJson(repo.dir, config);
    const full = await historyJson(repo.dir, config, "--no-cache");
    expect(cached.report).toEqual(full.report);
    expect(cached.report.findings.map((f: any) => f.path).sort()).toEqual(["new.env", "old.env"]);
    expect(first.report.findings).toHaveLength(1);
    expect(cached.stderr).toBe("");
    const text = readFileSync(cacheFile(repo), "utf8");
    for (const secret of [TOKEN_A, TOKEN_B]) expect(text).not.toContain(secret);
    // What the repeat learnt is appended as a segment (a header line, then its blobs); a run that learns nothing writes nothing.
    expect(text.split("\n").filter((line) => line.startsWith("{"))).toHaveLength(2);
    expect((await historyJson(repo.dir, config)).report).toEqual(full.report);
    expect(readFileSync(cacheFile(repo), "utf8")).toBe(text);
  });

  it("skips the detector for blobs the cache vouches for (a validly signed lie hides a secret; nothing else would)", async () => {
    const repo = historyRepo();
    await historyJson(repo.dir, config);
    const key = readFileSync(join(keyDir, "secretscan", "cache-key"));
    writeFileSync(cacheFile(repo), claimAllClean(repo, key, headerOf(repo).settings));
    expect((await historyJson(repo.dir, config)).report.findings).toHaveLength(0);
  });

  it("ignores, with a hint, a cache a repository ships that was not signed with the user's key", async () => {
    const repo = historyRepo();
    await historyJson(repo.dir, config);
    const forged = claimAllClean(repo, Buffer.alloc(32, 7), headerOf(repo).settings);
    writeFileSync(cacheFile(repo), forged);
    const run = await historyJson(repo.dir, config);
    expect(run.report.findings.map((f: any) => f.path)).toEqual(["old.env"]);
    expect(run.report.hints).toContainEqual({
      code: "history-cache",
      message: expect.stringMatching(/ignored: it does not verify with your key/),
    });
  });

  it("is off, with a hint, while the user's key is open to others", async () => {
    const repo = historyRepo();
    const keyFile = join(keyDir, "secretscan", "cache-key");
    await historyJson(repo.dir, config, "--no-cache");
    await historyJson(repo.dir, config);
    chmodSync(keyFile, 0o644);
    try {
      const run = await historyJson(repo.dir, config);
      expect(run.report.findings.map((f: any) => f.path)).toEqual(["old.env"]);
      expect(run.report.hints).toContainEqual({
        code: "history-cache",
        message: expect.stringMatching(/^history cache off: .*cache-key is not a regular file only its owner can read/),
      });
    } finally {
      chmodSync(keyFile, 0o600);
    }
  });

  it("ignores a corrupt, truncated or foreign cache with a hint, never a crash or a wrong result", async () => {
    const repo = historyRepo();
    const full = (await historyJson(repo.dir, config, "--no-cache")).report;
    await historyJson(repo.dir, config);
    const good = readFileSync(cacheFile(repo), "utf8");
    const other = historyRepo();
    await historyJson(other.dir, config);
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ["truncated", good.slice(0, good.length - 20), /does not verify/],
      ["corrupt", Buffer.from([0xff, 0x00, 0x13, 0x37]), /not a secretscan history cache/],
      ["empty", "", /not a secretscan history cache/],
      ["foreign", readFileSync(cacheFile(other)), /another repository/],
      [
        "an older format",
        good.replace(/^secretscan-history-cache 2 /, "secretscan-history-cache 1 "),
        /not a secretscan/,
      ],
    ];
    for (const [name, content, why] of cases) {
      writeFileSync(cacheFile(repo), content);
      const run = await historyJson(repo.dir, config);
      const { hints, ...rest } = run.report;
      const { hints: fullHints, ...fullRest } = full;
      expect(rest, name).toEqual(fullRest);
      expect(hints, name).toContainEqual({ code: "history-cache", message: expect.stringMatching(why) });
      expect(readFileSync(cacheFile(repo), "utf8"), name).toMatch(/^secretscan-history-cache 2 [0-9a-f]{64}\n/);
    }
  });

  it("is not used after a rule or an option that changes findings changed", async () => {
    const repo = historyRepo();
    await historyJson(repo.dir, config);
    const key = readFileSync(join(keyDir, "secretscan", "cache-key"));
    const lie = claimAllClean(repo, key, headerOf(repo).settings);
    const stale = /ignored: secretscan, its rules or the options that change findings differ/;
    for (const flags of [
      ["--max-decode-depth", "1"],
      ["--max-file-size", "1M"],
    ]) {
      writeFileSync(cacheFile(repo), lie);
      const run = await historyJson(repo.dir, config, ...flags);
      expect(
        run.report.findings.map((f: any) => f.path),
        flags.join(" "),
      ).toEqual(["old.env"]);
      expect(run.report.hints).toContainEqual({ code: "history-cache", message: expect.stringMatching(stale) });
    }
    writeFileSync(cacheFile(repo), lie);
    const otherRules = join(tempDir(), "rules.yaml");
    writeFileSync(otherRules, readFileSync(config, "utf8").replace("severity: critical", "severity: high"));
    const run = await runMain(["history", repo.dir, "--config", otherRules, "-f", "json"], tempDir());
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: any) => f.path)).toEqual(["old.env"]);
    expect(report.hints).toContainEqual({ code: "history-cache", message: expect.stringMatching(stale) });
  });

  it("never reads or writes through a link, nor over what is not a regular file", async () => {
    const repo = historyRepo();
    const outside = join(tempDir(), "victim");
    writeFileSync(outside, "keep me\n");
    mkdirSync(join(repo.dir, ".git", "secretscan"));
    symlinkSync(outside, cacheFile(repo));
    const run = await historyJson(repo.dir, config);
    expect(run.report.findings.map((f: any) => f.path)).toEqual(["old.env"]);
    expect(run.report.hints).toContainEqual({ code: "history-cache", message: expect.stringMatching(/symbolic link/) });
    expect(readFileSync(outside, "utf8")).toBe("keep me\n");
    const linkedDir = newRepo();
    linkedDir.write("a.txt", "nothing here\n").commit("one");
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(linkedDir.dir, ".git", "secretscan"));
    const second = await historyJson(linkedDir.dir, config);
    expect(second.report.hints).toContainEqual({
      code: "history-cache",
      message: expect.stringMatching(/not written/),
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("--cache-dir keeps the cache elsewhere; --no-cache neither reads nor writes one", async () => {
    const repo = historyRepo();
    await historyJson(repo.dir, config, "--no-cache");
    expect(existsSync(join(repo.dir, ".git", "secretscan"))).toBe(false);
    const dir = join(tempDir(), "caches");
    await historyJson(repo.dir, config, "--cache-dir", dir);
    expect(readdirSync(dir).sort()).toEqual([
      expect.stringMatching(/^history-[0-9a-f]{16}\.cache$/),
      expect.stringMatching(/^history-[0-9a-f]{16}\.refs$/),
      expect.stringMatching(/^history-[0-9a-f]{16}\.walk$/),
    ]);
    expect(existsSync(join(repo.dir, ".git", "secretscan"))).toBe(false);
    repo.write("more.env", `TOKEN=${TOKEN_C}\n`).commit("a third token");
    const cached = await historyJson(repo.dir, config, "--cache-dir", dir);
    expect(cached.report).toEqual((await historyJson(repo.dir, config, "--no-cache")).report);
  });
});
