import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { awsAccessKeyId, awsSecretKey, githubToken, pemPrivateKey } from "../helpers/tokens.js";

const SECRETS = [githubToken(950), awsAccessKeyId(951), awsSecretKey(952), pemPrivateKey(953).split("\n")[3] as string];

/** Every file below `dir` except .git, as text. */
function allFiles(dir: string, skip: string[]): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => !name.startsWith(".git") && !skip.includes(name) && statSync(join(dir, name)).isFile())
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("\n");
}

describe("no self-inflicted leaks", () => {
  it("no planted secret appears in any output, report, baseline or error message under default flags", () => {
    const dir = tempDir();
    initRepo(dir);
    const planted = {
      "config/aws.py": `AWS_ACCESS_KEY_ID = "${SECRETS[1]}"\naws_secret_access_key = "${SECRETS[2]}"\n`,
      "deploy.sh": `export GITHUB_TOKEN=${SECRETS[0]}\n`,
      "keys/id_rsa": pemPrivateKey(953),
    };
    writeFiles(dir, planted);
    gitIn(dir, ["add", "-A"]);
    gitIn(dir, ["commit", "-qm", "leak"]);
    writeFiles(dir, { "staged.env": `TOKEN=${SECRETS[0]}\n` });
    gitIn(dir, ["add", "staged.env"]);
    const runs: CliRun[] = [
      runCli(["scan", "."], dir),
      runCli(["scan", ".", "-f", "json", "-o", "report.json"], dir),
      runCli(["scan", ".", "-f", "sarif", "-o", "report.sarif"], dir),
      runCli(["scan", ".", "--show-suppressed"], dir, undefined, { FORCE_COLOR: "1" }),
      runCli(["history", ".", "--no-progress"], dir),
      runCli(["history", ".", "-f", "sarif", "--no-progress"], dir),
      runCli(["staged", "."], dir),
      runCli(["baseline", ".", "-o", "baseline.json"], dir),
      runCli(["scan", "-", "--stdin-name", "pasted.txt"], dir, `${SECRETS.join("\n")}\n`),
    ];
    writeFileSync(join(dir, "bad.yaml"), `allow:\n  secrets: ["^${SECRETS[0]}(" ]\n`);
    runs.push(runCli(["scan", ".", "--config", "bad.yaml"], dir));
    expect(runs.at(-1)?.status).toBe(2);
    expect(runs.slice(0, 4).map((run) => run.status)).toEqual([1, 1, 1, 1]);
    const everything =
      runs.map((run) => run.stdout + run.stderr).join("\n") +
      allFiles(dir, [...Object.keys(planted), "staged.env", "bad.yaml"]);
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    const revealed = runCli(["scan", ".", "--no-redact"], dir);
    for (const secret of [SECRETS[0], SECRETS[2]]) expect(revealed.stdout).toContain(secret);
  });

  it("no raw secret from a line's other secret, an ignore entry, commit metadata or a broken baseline, in any format", () => {
    const [first, second] = [githubToken(960), githubToken(961)];
    const dir = tempDir();
    initRepo(dir);
    writeFiles(dir, {
      "two.env": `A=${first} B=${second}\n`,
      ".secretscanignore": `${first}\n`,
      "broken-baseline.json": `${second} not json\n`,
    });
    gitIn(dir, ["add", "two.env"]);
    gitIn(dir, ["-c", `user.name=${second}`, "commit", "-qm", `rotate ${first}`]);
    const runs: CliRun[] = [];
    for (const format of ["text", "json", "sarif"]) {
      runs.push(runCli(["scan", ".", "-f", format], dir), runCli(["history", ".", "-f", format, "--no-progress"], dir));
    }
    runs.push(runCli(["scan", ".", "--baseline", "broken-baseline.json"], dir));
    expect(runs.map((run) => run.status)).toEqual([1, 1, 1, 1, 1, 1, 2]);
    expect(runs[0]?.stdout).toMatch(/A=ghp_… B=ghp_…/);
    expect(runs.map((run) => run.stdout + run.stderr).join("\n")).toMatch(/stale-ignore-entry|\.secretscanignore:1/);
    for (const run of runs) {
      for (const secret of [first, second]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
});
