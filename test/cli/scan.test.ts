import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { sarifValidator, reportValidator, describeErrors } from "../helpers/ajv.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { initRepo } from "../helpers/git.js";
import { awsAccessKeyId, awsSecretKey, githubToken, pemPrivateKey } from "../helpers/tokens.js";

const accessKeyId = awsAccessKeyId(101);
const secretKey = awsSecretKey(102);
const ghToken = githubToken(103);
const pem = pemPrivateKey(104);
const pemBody = pem.split("\n")[1] as string;
const SECRETS = [accessKeyId, secretKey, ghToken, pemBody];

/** The bar: a directory with planted AWS keys, a GitHub token and a PEM private key. */
function plantedProject(): string {
  const dir = tempDir();
  initRepo(dir);
  writeFiles(dir, {
    "config/aws.py": `import boto3\n\nAWS_ACCESS_KEY_ID = "${accessKeyId}"\naws_secret_access_key = "${secretKey}"\n`,
    "deploy.sh": `#!/bin/sh\nexport GITHUB_TOKEN=${ghToken}\ncurl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user\n`,
    "keys/server.key": pem,
    "README.md": "Nothing to see.\n",
  });
  return dir;
}

describe("secretscan scan (real CLI)", () => {
  let dir: string;
  let text: CliRun;
  let json: CliRun;
  let sarif: CliRun;

  beforeAll(() => {
    dir = plantedProject();
    text = runCli(["scan", "."], dir);
    json = runCli(["scan", ".", "--format", "json"], dir);
    sarif = runCli(["scan", "-f", "sarif"], dir);
  });

  it("exits 1 and reports each planted secret", () => {
    for (const run of [text, json, sarif]) expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as { findings: Array<{ path: string; kind: string; secretHash: string }> };
    const byPath = (path: string) => report.findings.filter((finding) => finding.path === path);
    expect(byPath("config/aws.py").length).toBeGreaterThanOrEqual(1);
    expect(byPath("deploy.sh").map((f) => f.kind)).toContain("token");
    expect(byPath("keys/server.key").map((f) => f.kind)).toContain("private-key");
    expect(report.findings.some((f) => f.path === "config/aws.py" && f.kind === "secret")).toBe(true);
  });

  it("writes SARIF that validates against the official 2.1.0 schema and JSON that validates against ours", () => {
    const validateSarif = sarifValidator();
    expect(validateSarif(JSON.parse(sarif.stdout)), describeErrors(validateSarif.errors)).toBe(true);
    const validateJson = reportValidator();
    expect(validateJson(JSON.parse(json.stdout)), describeErrors(validateJson.errors)).toBe(true);
  });

  it("never prints a raw secret in text, JSON or SARIF unless --no-redact", () => {
    for (const run of [text, json, sarif]) {
      for (const secret of SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    const revealed = runCli(["scan", ".", "--format", "json", "--no-redact"], dir);
    expect(revealed.stdout).toContain(ghToken);
    expect(revealed.stdout).toContain(secretKey);
  });

  it("writes the report to --output atomically with the same exit code", () => {
    const run = runCli(["scan", ".", "-f", "sarif", "-o", "report.sarif"], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("reads stdin with '-' and names it with --stdin-name", () => {
    const run = runCli(["scan", "-", "--stdin-name", "pasted.env", "-f", "json"], dir, `TOKEN=${ghToken}\n`);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings[0].path).toBe("pasted.env");
  });
});

describe("values that are not secrets", () => {
  it("produces no finding for env lookups and placeholders, and a clean directory exits 0", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "app.py": 'import os\napi_key = os.getenv("API_KEY")\npassword = os.environ["DB_PASSWORD"]\n',
      "app.js": "const apiKey = process.env.API_KEY;\nconst token = `${API_KEY}`;\n",
      "settings.ini": 'api_key = "<your-key-here>"\nsecret = ${API_SECRET}\n',
      "values.yaml": "token: {{ .Values.token }}\npassword: changeme\n",
    });
    const run = runCli(["scan", "."], dir);
    expect(run.stdout).toMatch(/No secrets found/);
    expect(run.status).toBe(0);
  });
});

describe("configuration and usage errors", () => {
  it("exits 2 with file:line:column and the rule id on one line, and no stack trace", () => {
    const dir = tempDir();
    writeFiles(dir, {
      ".secretscanrc.yaml":
        "rules:\n  - id: broken-rule\n    name: Broken\n    description: d\n    kind: token\n    severity: high\n    keywords: [abc]\n    pattern: '(abc'\n",
    });
    const run = runCli(["scan", "."], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^\.secretscanrc\.yaml:8:14: rule broken-rule: invalid regex: .+$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const misspelled = runCli(["scan", ".", "--config", ".secretscanrc.yaml"], dir);
    expect(misspelled.status).toBe(2);
  });

  it("exits 2 for an unknown flag, an unknown command and a missing path", () => {
    const dir = tempDir();
    expect(runCli(["scan", "--frmat", "json"], dir).status).toBe(2);
    expect(runCli(["scna"], dir).status).toBe(2);
    const missing = runCli(["scan", "nope"], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope: cannot scan \(no such file or directory\)/);
  });

  it("--help lists every flag with its default, and --version prints the package version", () => {
    const dir = tempDir();
    const help = runCli(["scan", "--help"], dir);
    for (const flag of [
      "--format",
      "--output",
      "--config",
      "--no-config",
      "--no-redact",
      "--no-gitignore",
      "--max-file-size",
      "--stdin-name",
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain("(default: 10485760 (10 MiB))");
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(runCli(["--version"], dir).stdout.trim()).toBe(pkg.version);
  });
});
