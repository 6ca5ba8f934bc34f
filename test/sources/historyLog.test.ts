import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { nulTokenBatches, readHistoryLog } from "../../src/sources/historyLog.js";
import { newRepo, type GitRepo } from "../helpers/gitRepo.js";

async function tokensOf(pieces: Buffer[]): Promise<string[]> {
  const tokens: string[] = [];
  for await (const batch of nulTokenBatches(Readable.from(pieces))) tokens.push(...batch);
  return tokens;
}

describe("nulTokenBatches", () => {
  const tokens = ["\u0001abc", "", "päth/日本語.txt", ":100644 100644 aa bb M", "😀 subject", "last"];
  const bytes = Buffer.from(tokens.join("\0"));

  it("gives the same tokens however the stream is cut, even inside a multi-byte character", async () => {
    for (let size = 1; size <= bytes.length; size++) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
      expect(await tokensOf(pieces), `pieces of ${size}`).toEqual(tokens);
    }
  });

  it("drops nothing after a final NUL and yields a final token without one", async () => {
    expect(await tokensOf([Buffer.from("a\0b\0")])).toEqual(["a", "b"]);
    expect(await tokensOf([Buffer.from("a\0"), Buffer.from("tail")])).toEqual(["a", "tail"]);
    expect(await tokensOf([])).toEqual([]);
  });
});

describe("readHistoryLog", () => {
  const blobOf = (repo: GitRepo, rev: string, path: string) => repo.git("rev-parse", `${rev}:${path}`).trim();

  it("reads each commit's raw changes: additions, edits, a rename with both paths, and a merge's conflict resolution", async () => {
    const repo = newRepo();
    const root = repo.write("a.txt", "one\n").write("dir with space/b.txt", "bee\n").commit("root");
    const edit = repo.write("a.txt", "two\n").commit("edit");
    repo.git("mv", "dir with space/b.txt", "c.txt");
    const rename = repo.commit("rename");
    repo.git("checkout", "-q", "-b", "side", root);
    repo.write("a.txt", "side\n").commit("side edit");
    repo.git("checkout", "-q", "main");
    expect(() => repo.git("merge", "-q", "side")).toThrow();
    repo.write("a.txt", "resolved\n");
    const merge = repo.commit("merge side");
    const commits = [];
    for await (const commit of readHistoryLog(repo.dir, ["--all"])) commits.push(commit);
    const bySha = new Map(commits.map((commit) => [commit.info.sha, commit]));
    expect(commits).toHaveLength(5);
    expect(bySha.get(root)?.parents).toEqual([]);
    expect(
      bySha
        .get(root)
        ?.changes.map((change) => [change.status, change.path, change.srcMode, change.dstMode])
        .sort(),
    ).toEqual([
      ["A", "a.txt", "000000", "100644"],
      ["A", "dir with space/b.txt", "000000", "100644"],
    ]);
    expect(bySha.get(edit)?.changes).toEqual([
      {
        srcMode: "100644",
        dstMode: "100644",
        srcBlob: blobOf(repo, root, "a.txt"),
        dstBlob: blobOf(repo, edit, "a.txt"),
        status: "M",
        path: "a.txt",
      },
    ]);
    const b = blobOf(repo, root, "dir with space/b.txt");
    expect(bySha.get(rename)?.changes).toEqual([
      {
        srcMode: "100644",
        dstMode: "100644",
        srcBlob: b,
        dstBlob: b,
        status: "R100",
        path: "c.txt",
        oldPath: "dir with space/b.txt",
      },
    ]);
    const resolution = bySha.get(merge);
    expect(resolution?.parents).toHaveLength(2);
    expect(resolution?.info.subject).toBe("merge side");
    expect(resolution?.changes).toEqual([
      {
        srcMode: "100644",
        dstMode: "100644",
        srcBlob: "",
        dstBlob: blobOf(repo, merge, "a.txt"),
        status: "MM",
        path: "a.txt",
      },
    ]);
  });
});
