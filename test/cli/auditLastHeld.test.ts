import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";
import { randomString } from "../helpers/tokens.js";

const TOKEN_D = `ghp_${randomString(1801, 36)}`;
const TOKEN_E = `ghp_${randomString(1802, 36)}`;
const SECRETS = [TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D];
const DAY_MS = 24 * 60 * 60 * 1000;

interface Commit {
  sha: string;
  date: string;
}

let repo: GitRepo;
let config: string;
/** Commits by name; each commit's date is one day after the one before. */
const at: Record<string, Commit> = {};

function commit(name: string, message: string): void {
  const sha = repo.commit(message);
  at[name] = { sha, date: repo.git("show", "-s", "--format=%aI", sha).trim() };
}

function commitOf(name: string): Commit {
  return at[name] as Commit;
}

/**
 * TOKEN_A: added in A, five unrelated commits, removed in R. TOKEN_B: at HEAD, committed well
 * before HEAD. TOKEN_C: only on feature/only, whose tip is newer than the commit that added it (an
 * older tag holds it too). TOKEN_D: removed from main, but renamed unchanged to another path on
 * branch `moved`, which still holds it there.
 */
beforeAll(() => {
  config = writeTestConfig(tempDir());
  repo = newRepo();
  repo.write("README", "base\n");
  commit("base", "base");
  repo.write("a.env", `TOKEN=${TOKEN_A}\n`);
  commit("A", "add a token");
  for (let i = 1; i <= 5; i++) {
    repo.write("notes.txt", `note ${i}\n`);
    commit(`unrelated${i}`, `note ${i}`);
  }
  repo.remove("a.env");
  commit("R", "remove a token");
  repo.write("live.env", `TOKEN=${TOKEN_B}\n`);
  commit("B", "add live token");
  repo.git("checkout", "-q", "-b", "feature/only");
  repo.write("feature.env", `TOKEN=${TOKEN_C}\n`);
  commit("C", "feature token");
  repo.git("tag", "v-old");
  repo.write("feature.txt", "more\n");
  commit("featureTip", "more feature work");
  repo.git("checkout", "-q", "main");
  repo.write("d.env", `TOKEN=${TOKEN_D}\n`);
  commit("D", "add d token");
  repo.git("checkout", "-q", "-b", "moved");
  repo.remove("d.env").write("elsewhere/d.env", `TOKEN=${TOKEN_D}\n`);
  commit("movedTip", "move the d token");
  repo.git("checkout", "-q", "main");
  repo.remove("d.env");
  commit("head", "remove d token");
});

function history(format: string): string {
  const run = runCli(["history", repo.dir, "--config", config, "-f", format, "--no-progress"], tempDir());
  expect(run.status, run.stderr).toBe(1);
  for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
  return run.stdout;
}

interface JsonSecretSeen {
  state: string;
  paths: string[];
  refs: string[];
  lastHeld: { sha: string; date: string; basis: string; refs?: string[]; authorName: string };
  removedBy?: { sha: string };
  firstCommit: { sha: string };
  exposedDays: number;
}

function secretAt(secrets: JsonSecretSeen[], path: string): JsonSecretSeen {
  const secret = secrets.find((s) => s.paths.includes(path));
  if (!secret) throw new Error(`no secret at ${path}`);
  return secret;
}

describe("secretscan history: the last commit that still held each secret", () => {
  it("JSON: the removal's parent, HEAD, the newest holding branch tip, a branch holding a renamed copy; per finding too", () => {
    const report = JSON.parse(history("json"));
    const secrets = report.secrets as JsonSecretSeen[];
    expect(secrets).toHaveLength(4);
    const removed = secretAt(secrets, "a.env");
    expect(removed).toMatchObject({
      state: "removed",
      refs: [],
      removedBy: { sha: commitOf("R").sha },
      firstCommit: { sha: commitOf("A").sha },
      lastHeld: { sha: commitOf("unrelated5").sha, basis: "removal-parent", authorName: "Ada Tester" },
      exposedDays: 5,
    });
    const live = secretAt(secrets, "live.env");
    expect(live).toMatchObject({ state: "at-head", lastHeld: { sha: commitOf("head").sha, basis: "head" } });
    const sinceFirst = (Date.now() - Date.parse(commitOf("B").date)) / DAY_MS;
    expect(Math.abs(live.exposedDays - sinceFirst)).toBeLessThanOrEqual(1);
    expect(secretAt(secrets, "feature.env")).toMatchObject({
      state: "on-other-refs",
      refs: ["refs/heads/feature/only", "refs/tags/v-old"],
      lastHeld: { sha: commitOf("featureTip").sha, basis: "ref-tip", refs: ["refs/heads/feature/only"] },
    });
    expect(secretAt(secrets, "d.env")).toMatchObject({
      state: "on-other-refs",
      refs: ["refs/heads/moved"],
      lastHeld: { sha: commitOf("movedTip").sha, basis: "ref-tip", refs: ["refs/heads/moved"] },
    });
    const findings = report.findings as Array<{
      path: string;
      provenance: { lastHeld?: { sha: string; basis: string } };
    }>;
    const occurrence = findings.find((f) => f.path === "a.env");
    expect(occurrence?.provenance.lastHeld).toMatchObject({ sha: commitOf("unrelated5").sha, basis: "removal-parent" });
  });

  it("text: a last-held line per secret, and the days column counts to it for a removed secret", () => {
    const text = history("text");
    const short = (name: string) => commitOf(name).sha.slice(0, 12);
    expect(text).toContain(
      `    last held    2024-01-08 ${short("unrelated5")} by Ada Tester (parent of ${short("R")}, which removed it)\n`,
    );
    expect(text).toContain(
      `    last held    ${commitOf("head").date.slice(0, 10)} ${short("head")} by Ada Tester (HEAD: still held)\n`,
    );
    expect(text).toContain(
      `    last held    ${commitOf("featureTip").date.slice(0, 10)} ${short("featureTip")} by Ada Tester (still held at feature/only)\n`,
    );
    expect(text).toContain(`(still held at moved)\n`);
    expect(text).toMatch(/^ {2}removed +critical +high +5 +test-ghp/m);
  });

  it("CSV: last held commit, author and date, and the days exposed up to it", () => {
    const [header, ...rows] = history("csv").trimEnd().split("\r\n");
    const columns = (header as string).split(",");
    const cell = (row: string, name: string) => row.split(",")[columns.indexOf(name)];
    const removed = rows.find((row) => cell(row, "paths") === "a.env") as string;
    expect(cell(removed, "state")).toBe("removed");
    expect(cell(removed, "last_held")).toBe(commitOf("unrelated5").sha);
    expect(cell(removed, "last_held_author")).toBe("Ada Tester <ada@example.test>");
    expect(cell(removed, "last_held_date")).toBe(commitOf("unrelated5").date);
    expect(cell(removed, "removed_by")).toBe(commitOf("R").sha);
    expect(cell(removed, "exposed_days")).toBe("5");
    const branch = rows.find((row) => cell(row, "paths") === "d.env") as string;
    expect(cell(branch, "state")).toBe("on-other-refs");
    expect(cell(branch, "refs")).toBe("refs/heads/moved");
    expect(cell(branch, "last_held")).toBe(commitOf("movedTip").sha);
  });

  it("HTML shows when each secret was last held", () => {
    const html = history("html");
    expect(html).toContain(
      `Last held: 2024-01-08 ${commitOf("unrelated5").sha.slice(0, 12)} by Ada Tester (parent of ${commitOf("R").sha.slice(0, 12)}, which removed it).`,
    );
    expect(html).toContain(`<th data-col="9" tabindex="0">Last held</th>`);
    expect(html).toContain(`>${commitOf("movedTip").date.slice(0, 10)} (still held)</td>`);
  });
});

describe("secretscan merge keeps the last commit that held a secret", () => {
  it("across shards, the latest last holder wins", () => {
    const small = newRepo();
    small.write("x.env", `TOKEN=${TOKEN_E}\nv=1\n`);
    const first = small.commit("add");
    small.write("x.env", `TOKEN=${TOKEN_E}\nv=2\n`);
    small.commit("edit, still holding it");
    small.write("notes.txt", "note\n");
    const parent = small.commit("unrelated");
    small.remove("x.env");
    const removal = small.commit("remove");
    const dir = tempDir();
    const shards = ["1/2", "2/2"].map((shard, i) => {
      const file = join(dir, `shard-${i + 1}.json`);
      runCli(
        ["history", small.dir, "--config", config, "--shard", shard, "-f", "json", "-o", file, "--no-progress"],
        dir,
      );
      return file;
    });
    const held = shards.map(
      (file) => JSON.parse(readFileSync(file, "utf8")).secrets.map((s: JsonSecretSeen) => s.lastHeld.sha) as string[],
    );
    // Each shard holds one of the two blobs, each last held by a different commit.
    expect(held.map((shas) => shas.length)).toEqual([1, 1]);
    expect(held.flat().sort()).toEqual([first, parent].sort());
    const merged = runCli(["merge", ...shards, "-f", "json"], dir);
    expect(merged.status, merged.stderr).toBe(1);
    const [secret] = JSON.parse(merged.stdout).secrets as JsonSecretSeen[];
    expect(secret).toMatchObject({
      state: "removed",
      removedBy: { sha: removal },
      lastHeld: { sha: parent, basis: "removal-parent" },
      exposedDays: 2,
    });
  });
});
