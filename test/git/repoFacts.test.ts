import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFacts } from "../../src/git/repoFacts.js";
import { UserError } from "../../src/problems.js";
import { newRepo, tempDir } from "../helpers/gitRepo.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

/** A repository with two commits, so a shallow clone of depth 1 has a cut-off. */
function twoCommits() {
  const repo = newRepo();
  repo.write("a.txt", "one\n").commit("one");
  repo.write("src/b.txt", "two\n").commit("two");
  return repo;
}

describe("repositoryFacts", () => {
  it("finds the top of the work tree from a subdirectory, through a symbolic link", async () => {
    const repo = twoCommits();
    const link = join(tempDir(), "link");
    symlinkSync(repo.dir, link);
    const facts = await repositoryFacts(join(link, "src"));
    const top = realpathSync(repo.dir);
    expect(facts).toEqual({
      root: top,
      commonDir: join(top, ".git"),
      infoDir: join(top, ".git", "info"),
      isShallow: false,
      head: repo.git("rev-parse", "HEAD").trim(),
    });
  });

  it("takes a bare repository's git directory as its root, and sees a shallow clone's cut-off", async () => {
    const repo = twoCommits();
    const bare = join(tempDir(), "shallow.git");
    git(repo.dir, "clone", "-q", "--bare", "--depth", "1", `file://${repo.dir}`, bare);
    const facts = await repositoryFacts(join(bare, "refs"));
    expect(facts.root).toBe(realpathSync(bare));
    expect(facts.commonDir).toBe(realpathSync(bare));
    expect(facts.infoDir).toBe(join(realpathSync(bare), "info"));
    expect(facts.isShallow).toBe(true);
    expect(facts.head).toBe(repo.git("rev-parse", "HEAD").trim());
  });

  it("gives a linked work tree its own root and the repository's common git directory", async () => {
    const repo = twoCommits();
    const linked = join(tempDir(), "linked");
    repo.git("worktree", "add", "-q", linked);
    const facts = await repositoryFacts(linked);
    expect(facts.root).toBe(realpathSync(linked));
    expect(facts.commonDir).toBe(join(realpathSync(repo.dir), ".git"));
  });

  it("has no HEAD commit in a repository without commits", async () => {
    const repo = newRepo();
    const facts = await repositoryFacts(repo.dir);
    expect(facts.root).toBe(realpathSync(repo.dir));
    expect(facts.head).toBeUndefined();
  });

  it("is a UserError outside any repository", async () => {
    const outside = join(tempDir(), "plain");
    mkdirSync(outside);
    await expect(repositoryFacts(outside)).rejects.toThrow(UserError);
    await expect(repositoryFacts(outside)).rejects.toThrow(/not inside a git work tree/);
  });
});
