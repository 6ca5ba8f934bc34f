import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { newRepo } from "../helpers/gitRepo.js";

/** A fresh RSA private key in PKCS#1 PEM, made for this run. */
function freshKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return privateKey;
}

interface FindingView {
  path: string;
  ruleId: string;
  kind: string;
  fileState?: string;
  remediation: string;
}

function findingsOf(stdout: string): FindingView[] {
  return (JSON.parse(stdout) as { findings: FindingView[] }).findings;
}

/** A key file (the file rule and the key rule both fire) and a .env holding a key and a database password. */
function keyRepo() {
  return newRepo()
    .write("testdata/certificate/key.pem", freshKey())
    .write("deploy/id_rsa", freshKey())
    .write(".env", `${freshKey()}DATABASE_URL=postgres://app:Vq83mZt2Lp9x@db.internal/app\n`);
}

describe("a private-key file and the key in it are one finding", () => {
  it("reports a committed key file once, by the key's rule, with the file's git state (scan)", async () => {
    const repo = keyRepo();
    repo.commit("keys");
    const run = await runMain(["scan", "--no-config", "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    const keyFiles = findingsOf(run.stdout).filter((f) => f.path !== ".env");
    expect(keyFiles.map((f) => [f.path, f.ruleId, f.fileState])).toEqual([
      ["deploy/id_rsa", "pem-rsa-private-key", "tracked"],
      ["testdata/certificate/key.pem", "pem-rsa-private-key", "tracked"],
    ]);
    expect(keyFiles[0]?.remediation).toContain("git rm --cached -- deploy/id_rsa");
  });

  it("still plans the .gitignore fix for a merged key file", async () => {
    const repo = keyRepo();
    repo.commit("keys");
    const run = await runMain(["scan", "--no-config", "--fix-gitignore", "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    expect(readFileSync(join(repo.dir, ".gitignore"), "utf8")).toContain("/testdata/certificate/key.pem");
  });

  it("keeps every finding of a file that holds more than keys", async () => {
    const repo = keyRepo();
    repo.commit("keys");
    const run = await runMain(["scan", "--no-config", "-f", "json"], repo.dir);
    const kinds = findingsOf(run.stdout)
      .filter((f) => f.path === ".env")
      .map((f) => f.kind)
      .sort();
    expect(kinds).toEqual(["config-file", "password", "private-key"]);
  });

  it("merges a key file committed to history the same way (history)", async () => {
    const repo = keyRepo();
    repo.commit("keys");
    const run = await runMain(["history", "--no-config", "--no-cache", "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    const keyFiles = findingsOf(run.stdout).filter((f) => f.path !== ".env");
    expect(keyFiles.map((f) => [f.path, f.ruleId, f.fileState])).toEqual([
      ["deploy/id_rsa", "pem-rsa-private-key", "committed"],
      ["testdata/certificate/key.pem", "pem-rsa-private-key", "committed"],
    ]);
  });

  it("merges a staged key file the same way", async () => {
    const repo = keyRepo();
    repo.git("add", "testdata/certificate/key.pem");
    const run = await runMain(["staged", "--no-config", "-f", "json"], repo.dir);
    expect(findingsOf(run.stdout).map((f) => [f.path, f.ruleId, f.fileState])).toEqual([
      ["testdata/certificate/key.pem", "pem-rsa-private-key", "staged"],
    ]);
  });
});
