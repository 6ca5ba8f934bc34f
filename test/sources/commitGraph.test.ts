import { describe, expect, it } from "vitest";
import { listRefs, refCommitTips } from "../../src/git/refTips.js";
import { CommitGraph } from "../../src/sources/commitGraph.js";
import { startHistoryWalk } from "../../src/sources/history.js";
import { newRepo } from "../helpers/gitRepo.js";

describe("the walk's commit graph", () => {
  it("names the refs containing each commit exactly as git for-each-ref --contains does", async () => {
    const repo = newRepo();
    const root = repo.write("a.txt", "one\n").commit("root");
    repo.git("checkout", "-q", "-b", "feature");
    const feature = repo.write("f.txt", "feature\n").commit("on feature");
    repo.git("checkout", "-q", "main");
    const onMain = repo.write("m.txt", "main\n").commit("on main");
    repo.git("merge", "-q", "--no-edit", "feature");
    repo.git("tag", "-a", "-m", "release", "v1", feature);
    repo.git("tag", "light", onMain);
    repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/feature");
    repo.write("a.txt", "stashed\n");
    repo.git("stash", "-q");
    const side = repo.git("rev-parse", "refs/stash").trim();
    const commits = [root, feature, onMain, repo.git("rev-parse", "main").trim(), side];
    const { graph } = await startHistoryWalk(repo.dir, ["--all"]).result;
    const tips = refCommitTips(await listRefs(repo.dir));
    expect(graph && tips).toBeTruthy();
    const containing = graph?.refsContaining(commits, tips ?? []);
    for (const sha of commits) {
      const fromGit = repo
        .git("for-each-ref", "--format=%(refname)", `--contains=${sha}`)
        .split("\n")
        .filter((ref) => ref !== "" && ref !== "refs/stash");
      expect(containing?.get(sha)).toEqual(fromGit);
    }
    expect(containing?.get(feature)).toEqual([
      "refs/heads/alias",
      "refs/heads/feature",
      "refs/heads/main",
      "refs/tags/v1",
    ]);
  });

  it("is kept only for a walk of every ref", async () => {
    const repo = newRepo();
    const first = repo.write("a.txt", "one\n").commit("one");
    expect((await startHistoryWalk(repo.dir, ["--all"]).result).graph?.has(first)).toBe(true);
    expect((await startHistoryWalk(repo.dir, [first]).result).graph).toBeUndefined();
    expect((await startHistoryWalk(repo.dir, ["--all", "--since=2000-01-01"]).result).graph).toBeUndefined();
  });

  it("gives no answer for commits that came before their parents", () => {
    const graph = new CommitGraph();
    graph.add("child", ["parent"]);
    graph.add("parent", []);
    expect(graph.refsContaining(["parent"], [{ ref: "refs/heads/main", tip: "child" }])).toBeUndefined();
  });
});
