import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gitIn, GIT_ENV, initRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/files.js";
import { TOKEN_A } from "../helpers/gitRepo.js";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

/** The pre-commit framework's version, or undefined when it is not installed (`apt-get install pre-commit`). */
function preCommitVersion(): string | undefined {
  const run = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

const version = preCommitVersion();

/**
 * The hook as users get it: pre-commit installs it from a clone of this repository (its committed
 * HEAD; uncommitted edits are not part of it), builds it with npm in its own environment, and runs
 * it on `git commit`. Needs the npm registry (or a warm npm cache) for the dependencies.
 */
describe.skipIf(version === undefined)(
  `pre-commit framework (${version ?? "pre-commit not installed: apt-get install pre-commit"})`,
  () => {
    it("installs the hook from a local clone and blocks a staged secret", { timeout: 600_000 }, () => {
      const work = tempDir();
      const clone = join(work, "secretscan");
      execFileSync("git", ["clone", "-q", PROJECT, clone]);
      execFileSync("git", [
        "-C",
        clone,
        "checkout",
        "-q",
        execFileSync("git", ["-C", PROJECT, "rev-parse", "HEAD"], { encoding: "utf8" }).trim(),
      ]);
      const rev = execFileSync("git", ["-C", clone, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
      const project = join(work, "project");
      execFileSync("mkdir", [project]);
      initRepo(project);
      writeFileSync(
        join(project, ".pre-commit-config.yaml"),
        `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: secretscan\n`,
      );
      const env = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: join(work, "pre-commit-home"), NO_COLOR: "1" };
      const install = spawnSync("pre-commit", ["install", "--install-hooks"], { cwd: project, env, encoding: "utf8" });
      expect(install.status, install.stdout + install.stderr).toBe(0);

      gitIn(project, ["add", ".pre-commit-config.yaml"]);
      expect(spawnSync("git", ["commit", "-q", "-m", "config"], { cwd: project, env, encoding: "utf8" }).status).toBe(
        0,
      );
      writeFileSync(join(project, "leak.py"), `TOKEN = "${TOKEN_A}"\n`);
      gitIn(project, ["add", "leak.py"]);
      const commit = spawnSync("git", ["commit", "-q", "-m", "leak"], { cwd: project, env, encoding: "utf8" });
      expect(commit.status).not.toBe(0);
      expect(commit.stdout + commit.stderr).toMatch(/commit blocked/);
      expect(commit.stdout + commit.stderr).not.toContain(TOKEN_A);
      expect(gitIn(project, ["log", "--oneline"]).trim().split("\n")).toHaveLength(1);
    });
  },
);
