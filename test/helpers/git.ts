import { execFileSync } from "node:child_process";

/** Fixed identity and dates so commits are reproducible. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.test",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.test",
  GIT_AUTHOR_DATE: "2024-01-02T03:04:05Z",
  GIT_COMMITTER_DATE: "2024-01-02T03:04:05Z",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: "/nonexistent-home-for-tests",
};

/** Runs git in `cwd` (argument array, no shell) and returns stdout. */
export function gitIn(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
}

/** `git init` with a main branch and a local identity. */
export function initRepo(dir: string): void {
  gitIn(dir, ["init", "-q", "-b", "main"]);
  gitIn(dir, ["config", "user.name", "Test Author"]);
  gitIn(dir, ["config", "user.email", "author@example.test"]);
  gitIn(dir, ["config", "commit.gpgsign", "false"]);
}
