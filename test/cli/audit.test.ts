import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { openPage } from "../helpers/headlessBrowser.js";
import { newRepo, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";

let repo: GitRepo;
let config: string;
let removal: string;

/**
 * Issue 18's audit: one secret left in a file edited 25 times (25 blobs hold it, at HEAD), one added
 * then removed, and one that lives only on a feature branch.
 */
beforeAll(() => {
  config = writeTestConfig(tempDir());
  repo = newRepo();
  for (let edit = 0; edit < 25; edit++)
    repo.write("app/config.env", `TOKEN=${TOKEN_A}\nEDIT=${edit}\n`).commit(`edit ${edit}`);
  repo.write("old.env", `TOKEN=${TOKEN_B}\n`).commit("add old token");
  removal = repo.remove("old.env").commit("remove old token");
  repo.git("update-ref", "refs/remotes/origin/main", removal); // main as pushed: the feature branch is not
  repo.git("checkout", "-q", "-b", "feature/x");
  repo.write("feature.env", `TOKEN=${TOKEN_C}\n`).commit("feature token");
  repo.git("checkout", "-q", "main");
});

describe("secretscan history as an audit: secrets, not blobs", () => {
  it("JSON has one entry per secret, each in the state that is true", () => {
    const run = runCli(["history", repo.dir, "--config", config, "-f", "json", "--no-progress"], tempDir());
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.length).toBeGreaterThanOrEqual(27);
    expect(report.secrets).toHaveLength(3);
    const [live, branch, gone] = report.secrets;
    expect(live).toMatchObject({
      state: "at-head",
      headPaths: ["app/config.env"],
      refs: ["refs/heads/feature/x", "refs/heads/main", "refs/remotes/origin/main"],
      pushed: true,
    });
    expect(live.occurrences).toHaveLength(25);
    expect(branch).toMatchObject({
      state: "on-other-refs",
      refs: ["refs/heads/feature/x"],
      headPaths: [],
      pushed: false,
    });
    expect(branch.reachableFrom).toEqual(["refs/heads/feature/x"]);
    expect(branch.removedBy).toBeUndefined();
    expect(gone).toMatchObject({ state: "removed", refs: [], removedBy: { sha: removal }, pushed: true });
    expect(live.firstCommit.date < live.lastCommit.date).toBe(true);
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C]) expect(run.stdout).not.toContain(secret);
  });

  it("the text report is one aligned row per secret under headers, at most 60 lines, and names the branch", () => {
    const run = runCli(["history", repo.dir, "--config", config, "--no-progress"], tempDir());
    expect(run.status, run.stderr).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(60);
    const header = lines.findIndex((line) => /^ {2}STATE +SEVERITY +CONFIDENCE +DAYS +RULE/.test(line));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1, header + 4);
    expect(rows[0]).toMatch(/^ {2}at HEAD +critical +high/);
    expect(rows[0]).toContain("app/config.env (+24 more)");
    expect(rows[1]).toMatch(/^ {2}on feature\/x +critical/);
    expect(rows[2]).toMatch(/^ {2}removed +critical/);
    expect(rows[2]).toContain(`removed in ${removal.slice(0, 12)}`);
    const column = (row: string) => row.indexOf("critical");
    expect(new Set(rows.map(column)).size).toBe(1);
    expect(run.stdout).toContain("    pushed       yes: origin/main reach it\n");
    expect(run.stdout).toContain("    pushed       no: only local refs reach it");
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C]) expect(run.stdout).not.toContain(secret);
  });

  it("--verbose lists every occurrence", () => {
    const run = runCli(["history", repo.dir, "--config", config, "--no-progress", "--verbose"], tempDir());
    expect(run.stdout.match(/^ {4}fingerprint /gm)?.length).toBeGreaterThanOrEqual(27);
  });

  it("CSV has a header and one row per secret, formula-looking cells defused", () => {
    const run = runCli(["history", repo.dir, "--config", config, "-f", "csv", "--no-progress"], tempDir());
    const rows = run.stdout.trimEnd().split("\r\n");
    expect(rows[0]?.startsWith("state,severity,confidence,rule_id,")).toBe(true);
    expect(rows.slice(1).map((row) => row.split(",")[0])).toEqual(["at-head", "on-other-refs", "removed"]);
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C]) expect(run.stdout).not.toContain(secret);
  });
});

describe("secretscan history --replace-text: purging, built from fingerprints", () => {
  it("writes filter-repo expressions for the chosen secrets only, to a new owner-only file", () => {
    const dir = tempDir();
    const report = JSON.parse(
      runCli(["history", repo.dir, "--config", config, "-f", "json", "--no-progress"], dir).stdout,
    );
    const removedSecret = report.secrets.find((s: { state: string }) => s.state === "removed");
    const fingerprint = removedSecret.occurrences[0].fingerprint;
    const text = runCli(["history", repo.dir, "--config", config, "--no-progress"], dir).stdout;
    expect(text).toContain(
      `secretscan history --replace-text purge.txt --fingerprint ${fingerprint} && git filter-repo --replace-text purge.txt`,
    );
    const run = runCli(
      [
        "history",
        repo.dir,
        "--config",
        config,
        "--no-progress",
        "--replace-text",
        "purge.txt",
        "--fingerprint",
        fingerprint,
      ],
      dir,
    );
    expect(run.status, run.stderr).toBe(1);
    const file = join(dir, "purge.txt");
    expect(readFileSync(file, "utf8")).toBe(`literal:${TOKEN_B}==>***REMOVED-BY-SECRETSCAN:test-ghp***\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run.stdout).not.toContain(TOKEN_B);
    expect(run.stderr).toContain("wrote 1 secret(s) to purge.txt");
    const again = runCli(
      ["history", repo.dir, "--config", config, "--no-progress", "--replace-text", "purge.txt"],
      dir,
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(runCli(["history", repo.dir, "--config", config, "--fingerprint", fingerprint], dir).status).toBe(2);
  });
});

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

describe("secretscan history --format html", () => {
  it("writes one self-contained file with no raw secret", () => {
    const out = join(tempDir(), "audit.html");
    const run = runCli(["history", repo.dir, "--config", config, "-f", "html", "-o", out, "--no-progress"], tempDir());
    expect(run.status, run.stderr).toBe(1);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=/i);
    expect(html).toContain('id="secret-table"');
    expect(html).toContain("feature/x");
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C]) expect(html).not.toContain(secret);
  });

  it.skipIf(!CHROMIUM)(
    "renders in headless Chromium without console errors (a non-blank screenshot)",
    () => {
      const dir = tempDir();
      const out = join(dir, "audit.html");
      runCli(["history", repo.dir, "--config", config, "-f", "html", "-o", out, "--no-progress"], dir);
      const shot = join(dir, "audit.png");
      const browser = spawnSync(
        CHROMIUM as string,
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--enable-logging=stderr",
          "--v=0",
          "--window-size=1280,1600",
          `--screenshot=${shot}`,
          `file://${out}`,
        ],
        { encoding: "utf8", timeout: 60_000, env: { ...process.env, HOME: dir } },
      );
      expect(existsSync(shot), browser.stderr).toBe(true);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(browser.stderr).not.toMatch(/CONSOLE.*(Uncaught|Error)|Uncaught/);
    },
    90_000,
  );

  it.skipIf(!CHROMIUM)(
    "sorts by a clicked column (again to reverse) and filters by text and by state, in headless Chromium",
    async () => {
      const dir = tempDir();
      const out = join(dir, "audit.html");
      runCli(["history", repo.dir, "--config", config, "-f", "html", "-o", out, "--no-progress"], dir);
      const page = await openPage(CHROMIUM as string, `file://${out}`, dir);
      try {
        const visibleWhere = () =>
          page.evaluate<string[]>(
            `[...document.querySelectorAll("#secret-table tbody tr")].filter((r) => r.style.display !== "none").map((r) => r.cells[7].getAttribute("data-key"))`,
          );
        expect(await visibleWhere()).toEqual(["app/config.env", "feature.env", "old.env"]);
        const clickWhere = `[...document.querySelectorAll("#secret-table th")].find((th) => th.textContent === "Where").click()`;
        await page.evaluate(clickWhere);
        await page.evaluate(clickWhere);
        expect(await visibleWhere()).toEqual(["old.env", "feature.env", "app/config.env"]);
        await page.evaluate(
          `(() => { const f = document.getElementById("filter"); f.value = "FEATURE"; f.dispatchEvent(new Event("input")); })()`,
        );
        expect(await visibleWhere()).toEqual(["feature.env"]);
        await page.evaluate(
          `(() => { const f = document.getElementById("filter"); f.value = ""; f.dispatchEvent(new Event("input")); const s = document.getElementById("state"); s.value = "removed"; s.dispatchEvent(new Event("change")); })()`,
        );
        expect(await visibleWhere()).toEqual(["old.env"]);
        expect(page.errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );
});
