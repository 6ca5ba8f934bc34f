import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { newRepo, tempDir, type GitRepo } from "../helpers/gitRepo.js";
import { randomString } from "../helpers/tokens.js";
import { PRIVATE_KEY, writeConfigFilesConfig } from "../secretFiles/helpers.js";

const BRANCH_PASSWORD = randomString(1901, 20);
const LIVE_PASSWORD = randomString(1902, 20);
const OLD_TOKEN = randomString(1903, 24);
const VALUES = [BRANCH_PASSWORD, LIVE_PASSWORD, OLD_TOKEN];

let repo: GitRepo;
let config: string;
const at: Record<string, string> = {};

function commit(name: string, message: string): void {
  at[name] = repo.commit(message);
}

function sha(name: string): string {
  return at[name] as string;
}

/**
 * Committed config files in every state: `deploy/server.key` added then deleted on main (removed);
 * `config/.env.production` at HEAD; `.env.local` whose HEAD version holds only placeholders (the
 * rule no longer flags it: removed by that edit); `.env` and `id_rsa` only on `feature/x`, never on
 * main. `id_rsa` holds the very key `deploy/server.key` held: that copy on the branch is `id_rsa`'s,
 * not `deploy/server.key`'s.
 */
beforeAll(() => {
  config = writeConfigFilesConfig(tempDir());
  repo = newRepo();
  repo.write("README", "base\n");
  commit("base", "base");
  repo.write("deploy/server.key", PRIVATE_KEY);
  commit("K", "add the deploy key");
  repo.write("notes.txt", "note\n");
  commit("unrelated", "a note");
  repo.remove("deploy/server.key");
  commit("R", "remove the deploy key");
  repo.write("config/.env.production", `DB_PASSWORD=${LIVE_PASSWORD}\n`);
  commit("live", "production settings");
  repo.write(".env.local", `API_TOKEN=${OLD_TOKEN}\n`);
  commit("L1", "local settings");
  repo.write(".env.local", "API_TOKEN=\nPORT=3000\n");
  commit("L2", "local settings without the token");
  repo.git("checkout", "-q", "-b", "feature/x");
  repo.write(".env", `SESSION_SECRET=${BRANCH_PASSWORD}\n`).write("id_rsa", PRIVATE_KEY);
  commit("F", "feature settings and key");
  repo.write("feature.txt", "more\n");
  commit("featureTip", "more feature work");
  repo.git("checkout", "-q", "main");
  repo.write("notes.txt", "note 2\n");
  commit("head", "another note");
});

function history(format: string, ...flags: string[]): string {
  const run = runCli(["history", repo.dir, "--config", config, "-f", format, "--no-progress", ...flags], tempDir());
  expect(run.status, run.stderr).toBe(1);
  for (const value of VALUES) expect(run.stdout).not.toContain(value);
  return run.stdout;
}

interface JsonSecretSeen {
  kind: string;
  state: string;
  paths: string[];
  headPaths: string[];
  refs: string[];
  reachableFrom: string[];
  lastHeld?: { sha: string; basis: string; refs?: string[] };
  removedBy?: { sha: string };
}

function secretAt(secrets: JsonSecretSeen[], path: string): JsonSecretSeen {
  const secret = secrets.find((s) => s.kind === "config-file" && s.paths.includes(path));
  if (!secret) throw new Error(`no config-file secret at ${path}`);
  return secret;
}

/** The cells of one CSV row (RFC 4180 quoting; no line breaks inside the cells these tests read). */
function csvCells(row: string): string[] {
  return [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell = ""]) =>
    cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell,
  );
}

const BRANCH_ONLY = {
  state: "on-other-refs",
  headPaths: [],
  refs: ["refs/heads/feature/x"],
  reachableFrom: ["refs/heads/feature/x"],
  lastHeld: { basis: "ref-tip", refs: ["refs/heads/feature/x"] },
};

describe("secretscan history: committed config files get the exposure state that is true", () => {
  it("JSON: branch-only files are on feature/x, not removed; a deleted key is removed by its commit; HEAD's file is at HEAD", () => {
    const report = JSON.parse(history("json"));
    const secrets = report.secrets as JsonSecretSeen[];
    expect(secrets.filter((s) => s.kind === "config-file")).toHaveLength(5);
    for (const path of [".env", "id_rsa"]) {
      const secret = secretAt(secrets, path);
      expect(secret, path).toMatchObject(BRANCH_ONLY);
      expect(secret.lastHeld?.sha).toBe(sha("featureTip"));
      expect(secret.removedBy, path).toBeUndefined();
    }
    expect(secretAt(secrets, "deploy/server.key")).toMatchObject({
      state: "removed",
      refs: [],
      removedBy: { sha: sha("R") },
      lastHeld: { sha: sha("unrelated"), basis: "removal-parent" },
    });
    expect(secretAt(secrets, ".env.local")).toMatchObject({
      state: "removed",
      headPaths: [],
      removedBy: { sha: sha("L2") },
      lastHeld: { sha: sha("L1"), basis: "removal-parent" },
    });
    expect(secretAt(secrets, "config/.env.production")).toMatchObject({
      state: "at-head",
      headPaths: ["config/.env.production"],
      lastHeld: { sha: sha("head"), basis: "head" },
    });
    const findings = report.findings as Array<{
      kind: string;
      path: string;
      provenance: { presentAtHead?: boolean; refs?: string[]; removedBy?: unknown };
    }>;
    const key = findings.find((f) => f.kind === "config-file" && f.path === "id_rsa");
    expect(key?.provenance).toMatchObject({ presentAtHead: false, refs: ["refs/heads/feature/x"] });
    expect(key?.provenance.removedBy).toBeUndefined();
  });

  it("text: the branch-only files name feature/x and are not called removed", () => {
    const blocks = history("text").split(/\n(?= {2}\S)/);
    const block = (path: string) => {
      const found = blocks.find((b) => b.startsWith(`  ${path}\n`));
      if (!found) throw new Error(`no block for ${path}`);
      return found;
    };
    for (const path of [".env", "id_rsa"]) {
      expect(block(path)).toContain(`${sha("F").slice(0, 12)} by Ada Tester`);
      expect(block(path)).toContain("; not at HEAD, still on feature/x\n");
      expect(block(path)).not.toMatch(/removed/i);
    }
    expect(block("deploy/server.key")).toContain(`; removed in ${sha("R").slice(0, 12)}\n`);
    expect(block(".env.local")).toContain(`; removed in ${sha("L2").slice(0, 12)}\n`);
    expect(block("config/.env.production")).toContain("; still at HEAD\n");
  });

  it("CSV and HTML agree", () => {
    const [header, ...rows] = history("csv").trimEnd().split("\r\n");
    const columns = (header as string).split(",");
    const cell = (row: string, name: string) => csvCells(row)[columns.indexOf(name)];
    const row = (path: string) => rows.find((r) => cell(r, "kind") === "config-file" && cell(r, "paths") === path);
    for (const path of [".env", "id_rsa"]) {
      const branch = row(path) as string;
      expect(cell(branch, "state"), path).toBe("on-other-refs");
      expect(cell(branch, "refs")).toBe("refs/heads/feature/x");
      expect(cell(branch, "removed_by")).toBe("");
      expect(cell(branch, "last_held")).toBe(sha("featureTip"));
    }
    expect(cell(row("deploy/server.key") as string, "state")).toBe("removed");
    expect(cell(row("deploy/server.key") as string, "removed_by")).toBe(sha("R"));
    expect(cell(row("config/.env.production") as string, "state")).toBe("at-head");

    const html = history("html");
    const details = html.split("<details ").slice(1);
    const about = (path: string) => details.filter((d) => d.includes(`<code>${path}</code></summary>`));
    for (const path of [".env", "id_rsa"]) {
      expect(about(path), path).toHaveLength(1);
      expect(about(path)[0]).toContain('<span class="badge state-on-other-refs">On other refs</span>');
      expect(about(path)[0]).toContain("<p>Still held by: <code>feature/x</code></p>");
      expect(about(path)[0]).not.toContain("Removed in");
    }
    expect(about("server.key")[0]).toContain(`Removed in <code>${sha("R").slice(0, 12)}</code>`);
  });

  it("merge of shard reports (by blob) keeps every file's state, refs and last holder", () => {
    const dir = tempDir();
    const shards = ["1/2", "2/2"].map((shard, i) => {
      const file = join(dir, `shard-${i + 1}.json`);
      history("json", "--shard", shard, "-o", file);
      return file;
    });
    const perShard = shards.map(
      (file) =>
        (JSON.parse(readFileSync(file, "utf8")).secrets as JsonSecretSeen[]).filter((s) => s.kind === "config-file")
          .length,
    );
    expect(
      perShard.every((count) => count > 0 && count < 5),
      String(perShard),
    ).toBe(true);
    const merged = runCli(["merge", ...shards, "-f", "json"], dir);
    expect(merged.status, merged.stderr).toBe(1);
    const view = (secrets: JsonSecretSeen[]) =>
      secrets
        .filter((s) => s.kind === "config-file")
        .map(({ paths, state, refs, headPaths, lastHeld, removedBy }) => ({
          paths,
          state,
          refs,
          headPaths,
          lastHeld,
          removedBy,
        }))
        .sort((a, b) => (a.paths[0] as string).localeCompare(b.paths[0] as string));
    expect(view(JSON.parse(merged.stdout).secrets)).toEqual(view(JSON.parse(history("json")).secrets));
    expect(secretAt(JSON.parse(merged.stdout).secrets, "id_rsa")).toMatchObject(BRANCH_ONLY);
  });
});
