import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CacheStore } from "../../src/modes/historyCacheStore.js";
import { parseWalkRecord, serializeWalkRecord } from "../../src/modes/historyWalkCache.js";
import { historyJson } from "../helpers/captureIo.js";
import { newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";

let config: string;

beforeAll(() => {
  process.env.XDG_CACHE_HOME = tempDir("secretscan-xdg-");
  config = writeTestConfig(tempDir());
});

/** A main branch with clean modules and a removed token, and a feature branch with a token of its own. */
function branchyRepo(): GitRepo {
  const repo = newRepo();
  for (let i = 0; i < 4; i++) repo.write(`src/module${i}.ts`, `export const value${i} = ${i};\n`).commit(`module ${i}`);
  repo.write("old.env", `TOKEN=${TOKEN_A}\n`).commit("add a token");
  repo.remove("old.env").commit("remove it");
  repo.git("checkout", "-q", "-b", "feature");
  repo.write("feature.env", `TOKEN=${TOKEN_B}\n`).commit("feature token");
  repo.write("src/module0.ts", "export const value0 = 10;\n").commit("feature change");
  repo.git("checkout", "-q", "main");
  repo.write("src/module1.ts", "export const value1 = 11;\n").commit("main change");
  return repo;
}

/** Commits what is staged with the given author and committer date (ISO 8601), whatever the repository's clock says. */
function commitDated(repo: GitRepo, message: string, date: string): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "Bo Backdated",
    GIT_AUTHOR_EMAIL: "bo@example.test",
    GIT_COMMITTER_NAME: "Bo Backdated",
    GIT_COMMITTER_EMAIL: "bo@example.test",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
  execFileSync("git", ["add", "-A"], { cwd: repo.dir, env });
  execFileSync("git", ["commit", "-q", "--allow-empty", "--no-verify", "-m", message], { cwd: repo.dir, env });
  return repo.git("rev-parse", "HEAD").trim();
}

const walkFile = (repo: GitRepo) => join(repo.dir, ".git", "secretscan", "history.walk");

/** Runs history with the caches (which it writes) and without, and expects the same report. */
async function expectSameAsFullRun(repo: GitRepo, ...flags: string[]): Promise<any> {
  const cached = await historyJson(repo.dir, config, ...flags);
  const full = await historyJson(repo.dir, config, "--no-cache", ...flags);
  expect(cached.report).toEqual(full.report);
  expect(cached.stderr).toBe("");
  return cached.report;
}

// Each case runs history several times: minutes on a loaded machine, not a failure.
describe("history walk cache", { timeout: 180_000 }, () => {
  it("a repeat after new commits reads only those and reports what a full run does, commit details included", async () => {
    const repo = branchyRepo();
    await historyJson(repo.dir, config);
    const before = readFileSync(walkFile(repo), "utf8");
    repo.write("new.env", `TOKEN=${TOKEN_C}\n`).commit("add a third token");
    const report = await expectSameAsFullRun(repo);
    expect(report.findings.map((f: any) => f.path).sort()).toEqual(["feature.env", "new.env", "old.env"]);
    const old = report.findings.find((f: any) => f.path === "old.env");
    expect(old.provenance.introducedBy).toMatchObject({ authorName: "Ada Tester", subject: "add a token" });
    expect(old.provenance.removedBy).toMatchObject({ authorEmail: "ada@example.test", subject: "remove it" });
    // New commits are appended as segments after the signature line and the header.
    const body = (text: string) => text.slice(text.indexOf("\n") + 1);
    const segments = (text: string) =>
      body(text)
        .split("\n")
        .filter((line) => line !== "").length - 1;
    const appended = readFileSync(walkFile(repo), "utf8");
    expect([segments(before), segments(appended)]).toEqual([1, 2]);
    expect(body(appended).startsWith(body(before))).toBe(true);
    repo.remove("new.env").commit("remove the third token");
    await expectSameAsFullRun(repo);
    expect(segments(readFileSync(walkFile(repo), "utf8"))).toBe(3);
  });

  it("is what the walk reads of known commits (a validly signed lie hides a secret; nothing else would)", async () => {
    const repo = branchyRepo();
    await historyJson(repo.dir, config);
    const text = readFileSync(walkFile(repo), "utf8");
    const header = JSON.parse(text.split("\n")[1] ?? "{}");
    const key = readFileSync(join(process.env.XDG_CACHE_HOME as string, "secretscan", "cache-key"));
    const store = { key, repository: header.repository } as CacheStore;
    const parsed = parseWalkRecord(store, text, header.format);
    if (!("record" in parsed)) throw new Error(parsed.problem);
    for (const commit of parsed.record.commits)
      commit.changes = commit.changes.filter((change) => change.path !== "feature.env");
    writeFileSync(walkFile(repo), serializeWalkRecord(store, parsed.record, header.format));
    expect((await historyJson(repo.dir, config)).report.findings.map((f: any) => f.path)).toEqual(["old.env"]);
  });

  it("keeps no author, subject or content: only ids, dates and paths", async () => {
    const repo = newRepo();
    repo.write("a.txt", "hello\n").commit(`subject quoting ${TOKEN_A}`);
    await historyJson(repo.dir, config);
    const text = readFileSync(walkFile(repo), "utf8");
    for (const kept of [TOKEN_A, "Ada Tester", "ada@example.test", "hello"]) expect(text).not.toContain(kept);
    expect(text).toContain("a.txt");
  });

  it("after a force-push that drops commits, and after new ones with older dates than the rest", async () => {
    const repo = branchyRepo();
    await historyJson(repo.dir, config);
    repo.git("reset", "-q", "--hard", "HEAD~1");
    repo.write("src/module2.ts", "export const value2 = 22;\n").commit("rewritten change");
    await expectSameAsFullRun(repo);
    // A branch fetched late: its commits are older than main's newest, so a full walk puts them among main's.
    repo.git("checkout", "-q", "-b", "late", "HEAD~3");
    repo.write("late.env", `TOKEN=${TOKEN_C}\n`);
    commitDated(repo, "late token", "2024-01-03T12:00:00+00:00");
    repo.write("src/module3.ts", "export const value3 = 33;\n");
    commitDated(repo, "late change", "2024-01-03T12:00:00+00:00");
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-edit", "late");
    const report = await expectSameAsFullRun(repo);
    expect(report.findings.map((f: any) => f.path)).toContain("late.env");
  });

  it("after deleting a branch whose secret no other ref holds", async () => {
    const repo = branchyRepo();
    const first = await historyJson(repo.dir, config);
    expect(first.report.findings.map((f: any) => f.path)).toContain("feature.env");
    repo.git("branch", "-q", "-D", "feature");
    const report = await expectSameAsFullRun(repo);
    expect(report.findings.map((f: any) => f.path)).not.toContain("feature.env");
  });

  it("serves --branch, --since and --range runs with the report a full walk gives", async () => {
    const repo = branchyRepo();
    await historyJson(repo.dir, config);
    repo.write("new.env", `TOKEN=${TOKEN_C}\n`).commit("add a third token");
    for (const flags of [
      ["--branch", "feature"],
      ["--since", "2024-01-06"],
      ["--range", "feature..main"],
    ])
      await expectSameAsFullRun(repo, ...flags);
  });

  it("takes what ref tips hold from the refs cache, which a forged one cannot change", async () => {
    const repo = branchyRepo();
    const full = (await historyJson(repo.dir, config, "--no-cache")).report;
    await historyJson(repo.dir, config);
    const refsFile = join(repo.dir, ".git", "secretscan", "history.refs");
    const good = readFileSync(refsFile, "utf8");
    expect(good).toMatch(/^secretscan-history-refs 2 [0-9a-f]{64}\n/);
    expect((await historyJson(repo.dir, config)).report).toEqual(full);
    // Claims that no tip holds feature.env: without a valid MAC, the claim is not believed.
    const [mac, header, ...segments] = good.trimEnd().split("\n");
    const forged = segments.map((line) => {
      const segment = JSON.parse(line) as { strings: string[]; answers: number[] };
      const path = segment.strings.indexOf("feature.env");
      for (let at = 0; at + 2 < segment.answers.length; at += 3)
        if (segment.answers[at + 1] === path) segment.answers[at + 2] = -1;
      return JSON.stringify(segment);
    });
    expect(forged.join("\n")).not.toEqual(segments.join("\n"));
    writeFileSync(refsFile, `${[mac, header, ...forged].join("\n")}\n`);
    const run = await historyJson(repo.dir, config);
    const { hints, ...rest } = run.report;
    const { hints: fullHints, ...fullRest } = full;
    expect(rest).toEqual(fullRest);
    expect(hints).toContainEqual({
      code: "history-cache",
      message: expect.stringMatching(/refs cache .* does not verify/),
    });
  });

  it("appends the answers about new tips to the refs cache, and ignores an unusable one with a hint", async () => {
    const repo = branchyRepo();
    await historyJson(repo.dir, config);
    const refsFile = join(repo.dir, ".git", "secretscan", "history.refs");
    const segments = () => readFileSync(refsFile, "utf8").trimEnd().split("\n").length - 2;
    expect(segments()).toBe(1);
    repo.git("checkout", "-q", "feature");
    repo.write("feature.env", `TOKEN=${TOKEN_C}\n`).commit("feature token rotated");
    await expectSameAsFullRun(repo);
    repo.git("checkout", "-q", "main");
    repo.write("src/module2.ts", "export const value2 = 12;\n").commit("main moves on");
    const report = await expectSameAsFullRun(repo);
    expect(report.findings.map((f: any) => f.path).sort()).toEqual(["feature.env", "feature.env", "old.env"]);
    expect(segments()).toBe(3);
    const full = (await historyJson(repo.dir, config, "--no-cache")).report;
    const good = readFileSync(refsFile, "utf8");
    const cases: Array<[string, string, RegExp]> = [
      ["truncated", good.slice(0, good.length - 20), /does not verify/],
      [
        "an older format",
        good.replace(/^secretscan-history-refs 2 /, "secretscan-history-refs 1 "),
        /not a secretscan/,
      ],
    ];
    for (const [name, content, why] of cases) {
      writeFileSync(refsFile, content);
      const run = await historyJson(repo.dir, config);
      const { hints, ...rest } = run.report;
      const { hints: fullHints, ...fullRest } = full;
      expect(rest, name).toEqual(fullRest);
      expect(hints, name).toContainEqual({ code: "history-cache", message: expect.stringMatching(why) });
      expect(readFileSync(refsFile, "utf8"), name).toMatch(/^secretscan-history-refs 2 [0-9a-f]{64}\n/);
    }
  });

  it("ignores a corrupt, truncated or forged walk cache with a hint, and writes a good one", async () => {
    const repo = branchyRepo();
    const full = (await historyJson(repo.dir, config, "--no-cache")).report;
    await historyJson(repo.dir, config);
    const good = readFileSync(walkFile(repo), "utf8");
    const cases: Array<[string, string, RegExp]> = [
      ["truncated", good.slice(0, good.length - 20), /does not verify/],
      ["corrupt", "\u00ff\u0000garbage", /not a secretscan history walk cache/],
      ["forged", good.replace(/^(secretscan-history-walk 1 )[0-9a-f]{8}/, "$100000000"), /does not verify/],
    ];
    for (const [name, content, why] of cases) {
      writeFileSync(walkFile(repo), content);
      const run = await historyJson(repo.dir, config);
      const { hints, ...rest } = run.report;
      const { hints: fullHints, ...fullRest } = full;
      expect(rest, name).toEqual(fullRest);
      expect(hints, name).toContainEqual({ code: "history-cache", message: expect.stringMatching(why) });
      expect(readFileSync(walkFile(repo), "utf8"), name).toMatch(/^secretscan-history-walk 1 [0-9a-f]{64}\n/);
    }
  });
});
