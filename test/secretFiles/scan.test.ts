import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeErrors, reportValidator, sarifValidator } from "../helpers/ajv.js";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, TOKEN_A, tempDir, type GitRepo } from "../helpers/gitRepo.js";
import { writeFiles } from "../helpers/files.js";
import {
  BINARY,
  CERTIFICATE,
  configFileFindings,
  NOT_A_KEYSTORE,
  PRIVATE_KEY,
  writeConfigFilesConfig,
} from "./helpers.js";

let config: string;
beforeAll(() => {
  config = writeConfigFilesConfig(tempDir());
});

/** A repository with a tracked .env, .env.example, id_rsa, certificate-only .pem, PKCS#12 .p12, empty .pfx and random .jks, an untracked .env.local and an ignored .env.production. */
function sampleRepo(): GitRepo {
  const repo = newRepo();
  repo
    .write(".gitignore", ".env.production\n")
    .write(".env", `TOKEN=${TOKEN_A}\nAPI_URL=https://api.internal.test\n`)
    .write(".env.example", "TOKEN=<your-token>\nAPI_KEY=changeme\n")
    .write("deploy/id_rsa", PRIVATE_KEY)
    .write("certs/site.pem", CERTIFICATE);
  writeFileSync(join(repo.dir, "store.p12"), BINARY);
  writeFileSync(join(repo.dir, "empty.pfx"), "");
  writeFileSync(join(repo.dir, "random.jks"), NOT_A_KEYSTORE);
  repo.commit("init");
  repo.write(".env.local", "DATABASE_URL=postgres://app:Zx81kQ2vLm@db.internal/app\n");
  repo.write(".env.production", "DATABASE_URL=postgres://app:Qw72kL9vPm@db.prod/app\n");
  return repo;
}

describe("config files in the working tree (secretscan scan)", () => {
  it("reports tracked and untracked sensitive files with their git state, not ignored or harmless ones", async () => {
    const repo = sampleRepo();
    const run = await runMain(["scan", "--config", config, "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    const found = configFileFindings(run.stdout);
    expect([...found.keys()].sort()).toEqual([".env", ".env.local", "deploy/id_rsa", "store.p12"]);
    expect(found.get(".env")?.fileState).toBe("tracked");
    expect(found.get(".env.local")?.fileState).toBe("untracked");
    expect(found.get("deploy/id_rsa")).toMatchObject({ ruleId: "ssh-private-key-file", fileState: "tracked" });
    expect(found.get("store.p12")).toMatchObject({
      ruleId: "keystore-file",
      fileState: "tracked",
      location: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    });
    expect(found.get(".env")?.location).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: `TOKEN=${TOKEN_A}`.length + 1,
    });
  });

  it("keeps the secret inside .env and the .env file itself as two findings (no dedupe across the two facts)", async () => {
    const repo = sampleRepo();
    const run = await runMain(["scan", "--config", config, "-f", "json", ".env"], repo.dir);
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; kind: string; path: string }> };
    expect(report.findings.map((f) => `${f.path} ${f.ruleId} ${f.kind}`).sort()).toEqual([
      ".env dotenv-file config-file",
      ".env test-ghp token",
    ]);
  });

  it("JSON validates against the report schema and SARIF against SARIF 2.1.0, both with the state", async () => {
    const repo = sampleRepo();
    const json = await runMain(["scan", "--config", config, "-f", "json"], repo.dir);
    const validateReport = reportValidator();
    expect(validateReport(JSON.parse(json.stdout)), describeErrors(validateReport.errors)).toBe(true);
    const sarif = await runMain(["scan", "--config", config, "-f", "sarif"], repo.dir);
    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; properties: Record<string, unknown> }> }>;
    };
    const validateSarif = sarifValidator();
    expect(validateSarif(log), describeErrors(validateSarif.errors)).toBe(true);
    const dotenv = log.runs[0]?.results.find((result) => result.ruleId === "dotenv-file");
    expect(dotenv?.properties).toMatchObject({
      kind: "config-file",
      fileState: expect.stringMatching(/^(tracked|untracked)$/),
    });
  });

  it("groups config files under their own heading after the secret findings in the text report", async () => {
    const repo = sampleRepo();
    const run = await runMain(["scan", "--config", config], repo.dir);
    const heading = run.stdout.indexOf("Config files that hold secrets (4)");
    expect(heading).toBeGreaterThan(run.stdout.indexOf("test-ghp"));
    expect(run.stdout.slice(heading)).toMatch(/TRACKED[^\n]*\n[\s\S]*git rm --cached -- \.env/);
    expect(run.stdout).toContain("UNTRACKED");
    expect(run.stdout).not.toContain(TOKEN_A);
  });

  it("reports files outside a repository with state outside-repository", async () => {
    const dir = tempDir("secretscan-outside-");
    writeFiles(dir, { ".env": "SECRET=Zx81kQ2vLm4NpQ\n", "keys/id_ed25519": PRIVATE_KEY });
    const run = await runMain(["scan", "--config", config, "-f", "json", dir], dir);
    const found = configFileFindings(run.stdout);
    expect([...found.keys()].sort()).toEqual([".env", "keys/id_ed25519"]);
    expect(found.get(".env")?.fileState).toBe("outside-repository");
  });

  it("--fix-gitignore appends anchored lines, prints git rm --cached for tracked files, and the rescan is clean for untracked ones", async () => {
    const repo = sampleRepo();
    const before = readFileSync(join(repo.dir, ".env"), "utf8");
    const run = await runMain(["scan", "--config", config, "-f", "json", "--fix-gitignore"], repo.dir);
    expect(run.stderr).toContain("appending to");
    expect(run.stderr).toMatch(/rm --cached -- \.env\n/);
    const gitignore = readFileSync(join(repo.dir, ".gitignore"), "utf8");
    expect(gitignore.startsWith(".env.production\n")).toBe(true);
    for (const line of ["/.env", "/.env.local", "/deploy/id_rsa", "/store.p12"])
      expect(gitignore.split("\n")).toContain(line);
    expect(readFileSync(join(repo.dir, ".env"), "utf8")).toBe(before);
    const rescan = configFileFindings((await runMain(["scan", "--config", config, "-f", "json"], repo.dir)).stdout);
    expect([...rescan.values()].filter((finding) => finding.fileState === "untracked")).toEqual([]);
    expect(rescan.get(".env")?.fileState).toBe("tracked");
    const again = await runMain(["scan", "--config", config, "-f", "json", "--fix-gitignore"], repo.dir);
    expect(again.stderr).not.toContain("appending to");
  });
});
