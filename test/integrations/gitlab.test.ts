import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runMain } from "../helpers/captureIo.js";
import { tempDir } from "../helpers/files.js";
import { newRepo, TOKEN_A, writeTestConfig } from "../helpers/gitRepo.js";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

describe("GitLab secret-detection report (--format gitlab)", () => {
  it("writes gl-secret-detection-report.json in GitLab's documented shape, with the introducing commit and no secret", async () => {
    const config = writeTestConfig(tempDir());
    const repo = newRepo();
    repo.write("README.md", "hi\n").commit("init");
    const leak = repo.write("deploy/app.env", `TOKEN=${TOKEN_A}\n`).commit("add a key");
    const out = join(tempDir(), "gl-secret-detection-report.json");
    // runMain validates the written report against fixtures/schemas/gitlab-secret-detection-shape.json.
    const run = await runMain(
      ["history", repo.dir, "--config", config, "--format", "gitlab", "--output", out],
      tempDir(),
    );
    expect(run.code, run.stderr).toBe(1);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain(TOKEN_A);
    const report = JSON.parse(text);
    expect(report.scan).toMatchObject({ type: "secret_detection", status: "success", scanner: { id: "secretscan" } });
    expect(report.vulnerabilities).toHaveLength(1);
    expect(report.vulnerabilities[0]).toMatchObject({
      severity: "Critical",
      identifiers: [{ type: "secretscan_rule_id", value: "test-ghp" }],
      location: { file: "deploy/app.env", start_line: 1, end_line: 1, commit: { sha: leak, author: "Ada Tester" } },
    });
    const again = await runMain(["history", repo.dir, "--config", config, "-f", "gitlab"], tempDir());
    expect(JSON.parse(again.stdout).vulnerabilities[0].id).toBe(report.vulnerabilities[0].id);
  });

  it("gives working-tree findings the placeholder commit GitLab's own analyzer uses, and a clean tree no vulnerabilities", async () => {
    const config = writeTestConfig(tempDir());
    const repo = newRepo();
    repo.write("README.md", "hi\n").commit("init");
    expect(
      JSON.parse((await runMain(["scan", repo.dir, "--config", config, "-f", "gitlab"], tempDir())).stdout)
        .vulnerabilities,
    ).toEqual([]);
    repo.write("app.env", `TOKEN=${TOKEN_A}\n`);
    const run = await runMain(["scan", repo.dir, "--config", config, "-f", "gitlab"], tempDir());
    expect(JSON.parse(run.stdout).vulnerabilities[0].location.commit.sha).toBe("0000000");
  });

  it("ships a GitLab CI template that writes and declares the report", () => {
    const template = parse(readFileSync(join(PROJECT, "templates/secretscan.gitlab-ci.yml"), "utf8"));
    const job = template.secretscan;
    expect(job.artifacts.reports.secret_detection).toBe("gl-secret-detection-report.json");
    expect(job.script.join("\n")).toMatch(
      /secretscan history \. "\$@" --format gitlab --output gl-secret-detection-report\.json/,
    );
    expect(job.script.join("\n")).toContain("CI_MERGE_REQUEST_DIFF_BASE_SHA..$CI_COMMIT_SHA");
    expect(job.script.join("\n")).not.toMatch(/npx --yes/);
  });
});
