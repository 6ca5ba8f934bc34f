import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ensureBuilt } from "../helpers/captureIo.js";
import { tempDir } from "../helpers/files.js";
import { newRepo, TOKEN_A, type GitRepo } from "../helpers/gitRepo.js";
import { githubToken } from "../helpers/tokens.js";
import { describeErrors, sarifValidator } from "../helpers/ajv.js";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));
const ACTION = parse(readFileSync(join(PROJECT, "action.yml"), "utf8"));

/** A pull request on a repository whose main branch already holds TOKEN_A; returns the base and the repository. */
function pullRequest(): { repo: GitRepo; base: string } {
  const repo = newRepo();
  repo.write("app.py", `import os\nTOKEN = "${TOKEN_A}"\n`);
  const base = repo.commit("old leak on main");
  repo.git("checkout", "-q", "-b", "feature");
  repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\n`).commit("edit beside the old key");
  return { repo, base };
}

/** Runs the Action's scan script as the composite step would, with GitHub's variables for a pull request. */
function runActionScript(repo: GitRepo, base: string, inputs: Record<string, string> = {}) {
  const outputFile = join(tempDir(), "github-output");
  const run = spawnSync("bash", [join(PROJECT, "scripts/action.sh")], {
    cwd: repo.dir,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      GITHUB_ACTION_PATH: PROJECT,
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_OUTPUT: outputFile,
      PR_BASE_SHA: base,
      PR_HEAD_SHA: repo.git("rev-parse", "HEAD").trim(),
      ...inputs,
    },
  });
  return { ...run, outputs: existsSync(outputFile) ? readFileSync(outputFile, "utf8") : "" };
}

describe("GitHub Action (action.yml)", () => {
  beforeAll(() => ensureBuilt(["src/cli/main.ts", "src/modes/scanHistory.ts", "src/report/gitlab.ts"]));

  it("is a composite Action with format, range and fail-on inputs whose scan step runs scripts/action.sh, then uploads SARIF", () => {
    expect(ACTION.runs.using).toBe("composite");
    expect(Object.keys(ACTION.inputs)).toEqual(expect.arrayContaining(["format", "range", "fail-on"]));
    const [scan, upload] = ACTION.runs.steps;
    expect(scan.run).toContain("$GITHUB_ACTION_PATH/scripts/action.sh");
    expect(scan.env).toMatchObject({
      INPUT_FORMAT: "${{ inputs.format }}",
      INPUT_RANGE: "${{ inputs.range }}",
      INPUT_FAIL_ON: "${{ inputs.fail-on }}",
    });
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload.if).toContain("always()");
  });

  it("passes a pull request that edits beside an old secret, writing a valid SARIF report", () => {
    const { repo, base } = pullRequest();
    const run = runActionScript(repo, base);
    expect(run.status, run.stderr).toBe(0);
    expect(run.outputs).toBe("report=secretscan.sarif\n");
    const log = JSON.parse(readFileSync(join(repo.dir, "secretscan.sarif"), "utf8"));
    const validate = sarifValidator();
    expect(validate(log), describeErrors(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });

  it("fails a pull request that adds a secret, unless fail-on is above its severity", () => {
    const { repo, base } = pullRequest();
    repo.write("deploy.sh", `export GITHUB_TOKEN=${githubToken(17)}\n`).commit("add a key");
    const run = runActionScript(repo, base);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::secretscan found secrets");
    expect(JSON.parse(readFileSync(join(repo.dir, "secretscan.sarif"), "utf8")).runs[0].results.length).toBeGreaterThan(
      0,
    );
    const lenient = runActionScript(repo, base, { INPUT_FAIL_ON: "critical", INPUT_FORMAT: "gitlab" });
    const severities = JSON.parse(
      readFileSync(join(repo.dir, "gl-secret-detection-report.json"), "utf8"),
    ).vulnerabilities.map((v: { severity: string }) => v.severity);
    expect(severities).toContain("High");
    expect(severities).not.toContain("Critical");
    expect(lenient.status).toBe(0);
    expect(lenient.outputs).toBe("report=gl-secret-detection-report.json\n");
  });
});
