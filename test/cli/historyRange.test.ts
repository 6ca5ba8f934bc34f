import { beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, TOKEN_A, TOKEN_B, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";

let config: string;

beforeAll(() => {
  config = writeTestConfig(tempDir());
});

/** A repository whose main branch already holds TOKEN_A in app.py (line 2), like a leak merged long ago. */
function repoWithOldSecret(): { repo: GitRepo; base: string } {
  const repo = newRepo();
  repo.write("app.py", `import os\nTOKEN = "${TOKEN_A}"\nprint(1)\n`).write("README.md", "hello\n");
  const base = repo.commit("old leak on main");
  repo.git("checkout", "-q", "-b", "feature");
  return { repo, base };
}

/** Runs `history --range` as JSON and returns the exit code and the findings' path, line and commit. */
async function scanRange(repo: GitRepo, range: string, extra: string[] = []) {
  const run = await runMain(
    ["history", repo.dir, "--config", config, "--range", range, "-f", "json", ...extra],
    tempDir(),
  );
  const findings = run.stdout ? JSON.parse(run.stdout).findings : [];
  return {
    code: run.code,
    stderr: run.stderr,
    found: findings.map((f: any) => ({
      path: f.path,
      line: f.location.startLine,
      commit: f.provenance.introducedBy?.sha,
    })),
  };
}

describe("history --range blames only the lines the range adds", () => {
  it("exits 0 when a pull request edits a file beside an old secret", async () => {
    const { repo, base } = repoWithOldSecret();
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(2)\n`).commit("edit around the old key");
    const run = await scanRange(repo, `${base}..HEAD`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.found).toEqual([]);
  });

  it("exits 1 for a secret the range adds, blamed on the commit that added its line", async () => {
    const { repo, base } = repoWithOldSecret();
    const adds = repo
      .write("app.py", `import os\nTOKEN = "${TOKEN_A}"\nOTHER = "${TOKEN_B}"\nprint(1)\n`)
      .commit("add a new key");
    repo
      .write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nOTHER = "${TOKEN_B}"\nprint(1)\n`)
      .commit("unrelated edit");
    const run = await scanRange(repo, `${base}..HEAD`);
    expect(run.code).toBe(1);
    expect(run.found).toEqual([{ path: "app.py", line: 3, commit: adds }]);
  });

  it("--since applies the same rule: a later edit does not date an old secret", async () => {
    const { repo } = repoWithOldSecret();
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(2)\n`).commit("edit around the old key");
    const run = await runMain(
      ["history", repo.dir, "--config", config, "--since", "2024-01-03T00:00:00Z", "-f", "json"],
      tempDir(),
    );
    expect(run.code, run.stdout).toBe(0);
    const full = await runMain(["history", repo.dir, "--config", config, "-f", "json"], tempDir());
    expect(full.code).toBe(1);
  });

  it("exits 0 when the range moves the old secret: to another line, or the file to another path with edits", async () => {
    const { repo, base } = repoWithOldSecret();
    repo.write("app.py", `import os\nprint(1)\nTOKEN = "${TOKEN_A}"\n`).commit("move the line");
    repo
      .remove("app.py")
      .write("src/app.py", `import os\nprint(1)\nTOKEN = "${TOKEN_A}"\nprint(3)\n`)
      .commit("move the file and edit it");
    const run = await scanRange(repo, `${base}..HEAD`);
    expect(run.code, JSON.stringify(run.found)).toBe(0);
  });

  it("exits 1 for a secret added then reverted inside the range (it was pushed), blamed on the adding commit", async () => {
    const { repo, base } = repoWithOldSecret();
    const adds = repo.write("new.env", `KEY=${TOKEN_B}\n`).commit("add a key");
    repo.git("revert", "--no-edit", "HEAD");
    const run = await scanRange(repo, `${base}..HEAD`);
    expect(run.code).toBe(1);
    expect(run.found).toEqual([{ path: "new.env", line: 1, commit: adds }]);
  });

  it("exits 0 when the range removes an old secret's line and a revert restores it (the base already held it)", async () => {
    const { repo, base } = repoWithOldSecret();
    repo.write("app.py", `import os\nprint(1)\n`).commit("drop the key line");
    repo.git("revert", "--no-edit", "HEAD");
    const run = await scanRange(repo, `${base}..HEAD`);
    expect(run.code, JSON.stringify(run.found)).toBe(0);
  });

  it("a merge that only combines both sides adds nothing; a merge that resolves a conflict with a new secret is blamed", async () => {
    const { repo, base } = repoWithOldSecret();
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(1)\n`).commit("feature edits line 1");
    repo.git("checkout", "-q", "main");
    repo.write("app.py", `import os\nTOKEN = "${TOKEN_A}"\nprint(1, 2)\n`).commit("main edits line 3");
    repo.git("checkout", "-q", "feature");
    repo.git("merge", "-q", "--no-edit", "main");
    const clean = await scanRange(repo, `${base}..HEAD`);
    expect(clean.code, JSON.stringify(clean.found)).toBe(0);

    repo.git("checkout", "-q", "main");
    repo.write("app.py", `import os\nTOKEN = "${TOKEN_A}"\nprint(1, 3)\n`).commit("main edits line 3 again");
    repo.git("checkout", "-q", "feature");
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(1, 4)\n`).commit("feature edits line 3 too");
    try {
      repo.git("merge", "-q", "--no-edit", "main");
    } catch {
      // the conflict is the point: resolve it with a new secret
    }
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(1, 5, "${TOKEN_B}")\n`);
    const merge = repo.commit("resolve the conflict");
    const dirty = await scanRange(repo, `${base}..HEAD`);
    expect(dirty.code).toBe(1);
    expect(dirty.found).toEqual([{ path: "app.py", line: 3, commit: merge }]);
  });

  it("full history keeps reporting each blob once, the old secret included", async () => {
    const { repo, base } = repoWithOldSecret();
    repo.write("app.py", `import os, sys\nTOKEN = "${TOKEN_A}"\nprint(2)\n`).commit("edit around the old key");
    const run = await runMain(["history", repo.dir, "--config", config, "-f", "json"], tempDir());
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const commits = JSON.parse(run.stdout).findings.map((f: any) => f.provenance.introducedBy.sha);
    expect(commits).toContain(base);
  });
});
