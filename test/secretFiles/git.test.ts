import { beforeAll, describe, expect, it } from "vitest";
import { describeErrors, reportValidator } from "../helpers/ajv.js";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, tempDir } from "../helpers/gitRepo.js";
import { configFileFindings, writeConfigFilesConfig } from "./helpers.js";

let config: string;
beforeAll(() => {
  config = writeConfigFilesConfig(tempDir());
});

describe("config files in git history and staged changes", () => {
  it("history finds a .env committed in the past and deleted since, with the commit that added it", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    const added = repo.write(".env", "DB_PASSWORD=Zx81kQ2vLm4NpQ\n").commit("add env");
    repo.write(".env", "DB_PASSWORD=Qw72kL9vPm3BxR\n").commit("change env");
    const removed = repo.remove(".env").commit("remove env");
    const run = await runMain(["history", "--config", config, "-f", "json", "--no-progress"], repo.dir);
    expect(run.code).toBe(1);
    const validate = reportValidator();
    expect(validate(JSON.parse(run.stdout)), describeErrors(validate.errors)).toBe(true);
    const found = configFileFindings(run.stdout);
    expect([...found.keys()]).toEqual([".env"]);
    expect(found.get(".env")).toMatchObject({
      ruleId: "dotenv-file",
      fileState: "committed",
      provenance: { type: "git-blob", introducedBy: { sha: added }, removedBy: { sha: removed }, presentAtHead: false },
    });
    const text = await runMain(["history", "--config", config, "--no-progress"], repo.dir);
    expect(text.stdout).toContain("Config files that hold secrets (1)");
    expect(text.stdout).toContain(added.slice(0, 12));
  });

  it("history reports a .env whose values were only placeholders as nothing", async () => {
    const repo = newRepo();
    repo.write(".env", "API_KEY=\nTOKEN=changeme\n").commit("env template");
    const run = await runMain(["history", "--config", config, "-f", "json", "--no-progress"], repo.dir);
    expect(configFileFindings(run.stdout).size).toBe(0);
  });

  it("a staged .env blocks the commit (exit 1) with state staged", async () => {
    const repo = newRepo();
    repo.write("README.md", "r\n").commit("init");
    repo.write("app/.env", "SECRET_KEY=Zx81kQ2vLm4NpQ\n").git("add", "-A");
    const run = await runMain(["staged", "--config", config, "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    expect(configFileFindings(run.stdout).get("app/.env")).toMatchObject({
      fileState: "staged",
      provenance: { type: "index" },
    });
    const text = await runMain(["staged", "--config", config], repo.dir);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("commit blocked");
    expect(text.stderr).toContain("app/.env");
  });

  it("a staged .env.example with placeholders does not block", async () => {
    const repo = newRepo();
    repo.write(".env.example", "SECRET_KEY=<your-key>\n").git("add", "-A");
    const run = await runMain(["staged", "--config", config, "-f", "json"], repo.dir);
    expect(run.code).toBe(0);
  });
});
