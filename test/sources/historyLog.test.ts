import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { logCommitBatches, readHistoryLog, type LogCommit } from "../../src/sources/historyLog.js";
import { newRepo, type GitRepo } from "../helpers/gitRepo.js";

async function commitsOf(pieces: Buffer[]): Promise<LogCommit[]> {
  const commits: LogCommit[] = [];
  for await (const batch of logCommitBatches(Readable.from(pieces))) commits.push(...batch);
  return commits;
}

describe("logCommitBatches", () => {
  const a = "a".repeat(40);
  const b = "b".repeat(40);
  const c = "c".repeat(40);
  const log = Buffer.concat([
    Buffer.from(
      `\u0001${a}\0\0Ädä Lövelace\0ada@example.com\x002020-01-01T00:00:00+00:00\x002020-01-02T00:00:00+00:00\0😀 subject\0`,
    ),
    Buffer.from(`\n:000000 100644 ${"0".repeat(40)} ${b} A\0päth/日本語.txt\0`),
    Buffer.from(`:100644 100644 ${b} ${b} R100\0päth/日本語.txt\0bad-`),
    Buffer.from([0xff, 0x41]),
    Buffer.from(`\0\u0001${c}\0${a} ${b}\0n\0e\x002020-01-03T00:00:00+00:00\x002020-01-03T00:00:00+00:00\0merge\0`),
    Buffer.from(`\n::100644 100644 100644 ${a} ${b} ${c} MM\0m.txt\0`),
  ]);
  const expected: LogCommit[] = [
    {
      info: {
        sha: a,
        authorName: "Ädä Lövelace",
        authorEmail: "ada@example.com",
        date: "2020-01-01T00:00:00+00:00",
        subject: "😀 subject",
      },
      committedAt: "2020-01-02T00:00:00+00:00",
      parents: [],
      changes: [
        {
          srcMode: "000000",
          dstMode: "100644",
          srcBlob: "0".repeat(40),
          dstBlob: b,
          status: "A",
          path: "päth/日本語.txt",
        },
        {
          srcMode: "100644",
          dstMode: "100644",
          srcBlob: b,
          dstBlob: b,
          status: "R100",
          path: "bad-\\xffA",
          oldPath: "päth/日本語.txt",
        },
      ],
    },
    {
      info: { sha: c, authorName: "n", authorEmail: "e", date: "2020-01-03T00:00:00+00:00", subject: "merge" },
      committedAt: "2020-01-03T00:00:00+00:00",
      parents: [a, b],
      changes: [{ srcMode: "100644", dstMode: "100644", srcBlob: "", dstBlob: c, status: "MM", path: "m.txt" }],
    },
  ];

  it("gives the same commits however the stream is cut, even inside a multi-byte character", async () => {
    for (let size = 1; size <= log.length; size += size < 40 ? 1 : 7) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < log.length; at += size) pieces.push(log.subarray(at, at + size));
      expect(await commitsOf(pieces), `pieces of ${size}`).toEqual(expected);
    }
  });

  it("keeps a path's invalid bytes visible and yields nothing for an empty stream", async () => {
    expect((await commitsOf([log]))[0]?.changes[1]?.path).toBe("bad-\\xffA");
    expect(await commitsOf([])).toEqual([]);
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
    for await (const batch of readHistoryLog(repo.dir, ["--all"])) commits.push(...batch);
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
