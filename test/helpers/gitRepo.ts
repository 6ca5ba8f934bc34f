import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll } from "vitest";
import { dirname, join } from "node:path";

export { tempDir } from "./files.js";

/** Synthetic GitHub-style tokens for tests: no placeholder runs, so the detector reports them. */
export const TOKEN_A = "ghp_Q7xk2Lm9Rt4Vb8Nw3Hy6Jp1Zc5Fd0Gs2Ke7T";
export const TOKEN_B = "ghp_W3nP8sD2kL9qX4vB7mR1tY6cH5jF0gZ2aE9U";
export const TOKEN_C = "ghp_M4rT9vK2pX7wL3nB8qD1sH6yC5jG0fZ2eA7R";

/** A config with exactly one rule (GitHub-style `ghp_` tokens), independent of the built-in rule pack. */
export const TEST_CONFIG = `useDefaultRules: false
rules:
  - id: test-ghp
    name: Test GitHub token
    description: A GitHub-style personal access token (test rule).
    kind: token
    severity: critical
    confidence: high
    keywords: [ghp_]
    pattern: 'ghp_[A-Za-z0-9]{36}'
    remediation: Revoke the token on GitHub and load it from the environment.
`;

/** Fixed identity and clock, so commit shas and dates are the same on every run. */
function commitEnv(date: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "Ada Tester",
    GIT_AUTHOR_EMAIL: "ada@example.test",
    GIT_COMMITTER_NAME: "Ada Tester",
    GIT_COMMITTER_EMAIL: "ada@example.test",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    LC_ALL: "C",
  };
}

/** A real repository in a temp dir, driven through the git binary. Dates advance one day per commit. */
export class GitRepo {
  readonly dir: string;
  private day = 0;

  constructor(prefix = "secretscan-git-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git("init", "-q", "-b", "main");
  }

  /** Runs git in the repository and returns its stdout. */
  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env: commitEnv(this.date()), encoding: "utf8" });
  }

  /** Writes a file (creating directories) relative to the repository. */
  write(path: string, content: string): this {
    const absolute = join(this.dir, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return this;
  }

  /** Removes a file from the work tree. */
  remove(path: string): this {
    rmSync(join(this.dir, path), { force: true });
    return this;
  }

  /** Stages everything and commits with the next day's date; returns the commit sha. */
  commit(message: string): string {
    this.day += 1;
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  /** The date of the next commit: 2024-01-01 plus one day per commit so far, UTC noon. */
  date(): string {
    return new Date(Date.UTC(2024, 0, 1 + this.day, 12)).toISOString().replace(".000Z", "+00:00");
  }

  /** Deletes the temp dir. */
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const repositories: GitRepo[] = [];

afterAll(() => {
  for (const repo of repositories.splice(0)) repo.cleanup();
});

/** A new GitRepo, deleted after the test file finishes. */
export function newRepo(): GitRepo {
  const repo = new GitRepo();
  repositories.push(repo);
  return repo;
}

/** Writes the one-rule test config into `dir` and returns its path. */
export function writeTestConfig(dir: string): string {
  const path = join(dir, "secretscan-test.yaml");
  writeFileSync(path, TEST_CONFIG);
  return path;
}
