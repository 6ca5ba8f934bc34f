import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * A scanned repository must not run anything through git on our behalf: each case configures one
 * way a repository (or an inherited GIT_* variable) can make git execute a command, with a script
 * that writes a marker file outside the repository, and runs every command that spawns git.
 * The marker must never appear.
 */
const TOKEN = githubToken(970);

interface Hostile {
  repo: string;
  markers: string;
  /** A script that creates `markers/<name>` and succeeds, printing nothing. */
  script(name: string): string;
}

function hostileRepo(): Hostile {
  const repo = tempDir("secretscan-gitcmd-");
  const markers = tempDir("secretscan-markers-");
  initRepo(repo);
  writeFiles(repo, { "app.env": `TOKEN=${TOKEN}\n`, "readme.md": "hello\n" });
  gitIn(repo, ["add", "-A"]);
  gitIn(repo, ["commit", "-qm", "init"]);
  writeFiles(repo, { "staged.txt": "staged\n", "readme.md": "changed\n" });
  gitIn(repo, ["add", "staged.txt"]);
  const script = (name: string): string => {
    const path = join(markers, `${name}.sh`);
    writeFileSync(path, `#!/bin/sh\ntouch '${join(markers, name)}'\nexit 0\n`);
    chmodSync(path, 0o755);
    return path;
  };
  return { repo, markers, script };
}

/** Every command that runs git, in the repository; returns the runs for their exit codes. */
function runEveryGitCommand(repo: string, env: NodeJS.ProcessEnv = {}): CliRun[] {
  const out = tempDir("secretscan-gitcmd-out-");
  return [
    runCli(["scan", "."], repo, undefined, env),
    runCli(["staged", "."], repo, undefined, env),
    runCli(["history", ".", "--no-progress"], repo, undefined, env),
    runCli(["baseline", ".", "-o", join(out, "baseline.json")], repo, undefined, env),
    runCli(["scan", ".", "--fix-gitignore"], repo, undefined, env),
    runCli(["install-hook", "."], repo, undefined, env),
  ];
}

function markersWritten(hostile: Hostile): string[] {
  return readdirSync(hostile.markers).filter((name) => !name.endsWith(".sh"));
}

describe("a hostile repository runs nothing through git", () => {
  it("core.fsmonitor", () => {
    const hostile = hostileRepo();
    gitIn(hostile.repo, ["config", "core.fsmonitor", hostile.script("fsmonitor")]);
    runEveryGitCommand(hostile.repo);
    expect(markersWritten(hostile)).toEqual([]);
  });

  it("hooks (core.hooksPath and .git/hooks), though install-hook still writes where git runs hooks", () => {
    const hostile = hostileRepo();
    const hooks = join(hostile.repo, "evil-hooks");
    mkdirSync(hooks);
    for (const hook of [
      "post-index-change",
      "reference-transaction",
      "post-checkout",
      "pre-auto-gc",
      "fsmonitor-watchman",
    ]) {
      const script = hostile.script(hook);
      writeFileSync(join(hooks, hook), `#!/bin/sh\nexec '${script}'\n`, { mode: 0o755 });
      writeFileSync(join(hostile.repo, ".git/hooks", hook), `#!/bin/sh\nexec '${script}'\n`, { mode: 0o755 });
    }
    gitIn(hostile.repo, ["config", "core.hooksPath", "evil-hooks"]);
    const runs = runEveryGitCommand(hostile.repo);
    expect(markersWritten(hostile)).toEqual([]);
    expect(runs.at(-1)?.status).toBe(0);
    expect(existsSync(join(hooks, "pre-commit"))).toBe(true);
  });

  it("pagers, external diff and textconv drivers, filters", () => {
    const hostile = hostileRepo();
    const config: Array<[string, string]> = [
      ["core.pager", hostile.script("core-pager")],
      ["pager.log", hostile.script("pager-log")],
      ["pager.diff", hostile.script("pager-diff")],
      ["diff.external", hostile.script("diff-external")],
      ["diff.evil.command", hostile.script("diff-command")],
      ["diff.evil.textconv", hostile.script("textconv")],
      ["filter.evil.clean", hostile.script("clean")],
      ["filter.evil.smudge", hostile.script("smudge")],
      ["filter.evil.process", hostile.script("process")],
    ];
    for (const [key, value] of config) gitIn(hostile.repo, ["config", key, value]);
    writeFiles(hostile.repo, { ".gitattributes": "* diff=evil filter=evil\n" });
    runEveryGitCommand(hostile.repo, {
      GIT_EXTERNAL_DIFF: hostile.script("git-external-diff"),
      GIT_PAGER: hostile.script("git-pager"),
    });
    expect(markersWritten(hostile)).toEqual([]);
  });

  it("GIT_* environment overrides are not passed on (GIT_TRACE, GIT_CONFIG_*)", () => {
    const hostile = hostileRepo();
    const env = {
      GIT_TRACE: join(hostile.markers, "trace"),
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "core.sshCommand",
      GIT_CONFIG_VALUE_0: hostile.script("ssh"),
    };
    runEveryGitCommand(hostile.repo, env);
    expect(markersWritten(hostile)).toEqual([]);
  });

  it("a partial clone's promisor remote is never fetched from (no ext:: transport runs)", () => {
    const hostile = hostileRepo();
    const { repo } = hostile;
    gitIn(repo, ["config", "core.repositoryformatversion", "1"]);
    gitIn(repo, ["config", "extensions.partialClone", "evil"]);
    gitIn(repo, ["config", "remote.evil.promisor", "true"]);
    gitIn(repo, ["config", "remote.evil.url", `ext::${hostile.script("lazy-fetch")} %S`]);
    gitIn(repo, ["config", "protocol.allow", "always"]);
    const blob = gitIn(repo, ["rev-parse", "HEAD:app.env"]).trim();
    renameSync(join(repo, ".git/objects", blob.slice(0, 2), blob.slice(2)), join(hostile.markers, "moved-object"));
    const history = runCli(["history", ".", "--no-progress"], repo);
    expect(markersWritten(hostile)).toEqual(["moved-object"]);
    expect(history.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("a replace ref cannot hide a commit from history, and is named in a hint", () => {
    const hostile = hostileRepo();
    const { repo } = hostile;
    const leaked = gitIn(repo, ["rev-parse", "HEAD"]).trim();
    gitIn(repo, ["rm", "-q", "--cached", "app.env"]);
    gitIn(repo, ["commit", "-qm", "clean"]);
    const clean = gitIn(repo, ["rev-parse", "HEAD"]).trim();
    const cleanRoot = gitIn(repo, ["commit-tree", `${clean}^{tree}`, "-m", "root"]).trim();
    gitIn(repo, ["replace", leaked, cleanRoot]);
    const run = runCli(["history", ".", "-f", "json", "--no-progress"], repo);
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string }>; hints: Array<{ code: string }> };
    expect(report.findings.map((finding) => finding.path)).toContain("app.env");
    expect(report.hints.map((hint) => hint.code)).toContain("replace-refs-ignored");
  });

  it("grafts cannot hide a commit from history, and are named in a hint", () => {
    const hostile = hostileRepo();
    const { repo } = hostile;
    gitIn(repo, ["rm", "-q", "--cached", "app.env"]);
    gitIn(repo, ["commit", "-qm", "clean"]);
    writeFileSync(join(repo, ".git/info/grafts"), `${gitIn(repo, ["rev-parse", "HEAD"]).trim()}\n`);
    const run = runCli(["history", ".", "-f", "json", "--no-progress"], repo);
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string }>; hints: Array<{ code: string }> };
    expect(report.findings.map((finding) => finding.path)).toContain("app.env");
    expect(report.hints.map((hint) => hint.code)).toContain("grafts-ignored");
  });
});

describe("a corrupt repository", () => {
  it("a missing tree or commit object makes history exit 2 with one line, never a stack", () => {
    for (const missing of ["HEAD^{tree}", "HEAD~1"]) {
      const { repo } = hostileRepo();
      gitIn(repo, ["commit", "-qm", "second"]);
      const id = gitIn(repo, ["rev-parse", missing]).trim();
      renameSync(join(repo, ".git/objects", id.slice(0, 2), id.slice(2)), join(repo, "moved-object"));
      const run = runCli(["history", ".", "--no-progress"], repo);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^secretscan: git [a-z-]+: (fatal|error): /);
    }
  });
});

describe("the work tree on disk is the one scanned", () => {
  it("core.worktree pointing at an empty folder does not empty the scan", () => {
    const { repo } = hostileRepo();
    gitIn(repo, ["config", "core.worktree", tempDir("secretscan-empty-worktree-")]);
    const run = runCli(["scan", ".", "-f", "json"], repo);
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string }> };
    expect(report.findings.map((finding) => finding.path)).toContain("app.env");
  });

  it("a repository owned by another user gets its own message, not 'not inside a git work tree'", () => {
    const { repo } = hostileRepo();
    chownSync(repo, 12345, 12345);
    const run = runCli(["staged", "."], repo, undefined, { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/dubious ownership.*safe\.directory/);
  });
});
