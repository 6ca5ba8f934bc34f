import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/problems.js";
import { scanHistory } from "../../src/modes/scanHistory.js";
import { startHistoryWalk } from "../../src/sources/history.js";
import { newRepo, TOKEN_A, tempDir, writeTestConfig } from "../helpers/gitRepo.js";

describe("the history walk (git log pass)", () => {
  it("indexes every blob with its introductions and git's sizes, and says when it saw the first blob", async () => {
    const repo = newRepo();
    const first = repo.write("a.txt", "one\n").commit("add a");
    repo.write("a.txt", "two!\n").write("b.txt", "bee\n").commit("edit a, add b");
    const walk = startHistoryWalk(repo.dir, ["--all"]);
    expect(await walk.sawBlob).toBe(true);
    const { index, sizes } = await walk.result;
    expect(index.commits).toBe(2);
    expect(walk.paths).toEqual(["a.txt", "b.txt"]);
    const bySize = [...index.blobs]
      .map(([blobId, introductions]) => `${introductions.map((i) => i.path).join(",")}:${sizes.get(blobId)}`)
      .sort();
    expect(bySize).toEqual(["a.txt:4", "a.txt:5", "b.txt:4"]);
    const [oldA] = [...index.blobs.values()].find((introductions) => introductions[0]?.commit.sha === first) ?? [];
    expect(oldA?.removedBy?.subject).toBe("edit a, add b");
  });

  it("records every path a blob was renamed to unchanged, one branch's rename not hiding another's", async () => {
    const repo = newRepo();
    repo.write("a.txt", "same\n").commit("add a");
    repo.git("checkout", "-q", "-b", "left");
    repo.remove("a.txt").write("left/a.txt", "same\n").commit("move a left");
    repo.git("checkout", "-q", "-b", "right", "main");
    repo.remove("a.txt").write("right/a.txt", "same\n").commit("move a right");
    const { index } = await startHistoryWalk(repo.dir, ["--all"]).result;
    const [blobId, introductions] = [...index.blobs][0] ?? [];
    expect(introductions?.map((introduction) => introduction.path)).toEqual(["a.txt"]);
    expect([...(index.renamedTo.get(blobId ?? "") ?? [])].sort()).toEqual(["left/a.txt", "right/a.txt"]);
  });

  it("notes each modified blob's delta base: the version it replaced, not a merge's sides or a copy's", async () => {
    const repo = newRepo();
    repo.write("a.txt", "one\n").commit("add a");
    repo.write("a.txt", "two\n").commit("edit a");
    repo.git("checkout", "-q", "-b", "side");
    repo.write("a.txt", "three\n").commit("edit a on side");
    repo.git("checkout", "-q", "main");
    repo.write("a.txt", "four\n").write("b.txt", "two\n").commit("edit a again, copy its old text to b");
    repo.git("merge", "-q", "-X", "theirs", "-m", "merge side", "side");
    const { index } = await startHistoryWalk(repo.dir, ["--all"]).result;
    const idOf = (text: string) => createHash("sha1").update(`blob ${text.length}\0${text}`).digest("hex");
    expect(index.bases).toEqual(
      new Map([
        [idOf("two\n"), idOf("one\n")],
        [idOf("three\n"), idOf("two\n")],
        [idOf("four\n"), idOf("two\n")],
      ]),
    );
  });

  it("says it saw no blob when the history holds none", async () => {
    const repo = newRepo();
    repo.git("commit", "-q", "--allow-empty", "-m", "empty");
    const walk = startHistoryWalk(repo.dir, ["--all"]);
    expect(await walk.sawBlob).toBe(false);
    expect((await walk.result).index.blobs.size).toBe(0);
  });

  it("stops at the next commit once aborted, without an unhandled rejection", async () => {
    const repo = newRepo();
    repo.write("a.txt", "one\n").commit("add a");
    const walk = startHistoryWalk(repo.dir, ["--all"]);
    walk.abort();
    expect(await walk.sawBlob).toBe(false);
    await expect(walk.result).rejects.toThrow(/aborted/);
  });

  it("lets scanHistory fail cleanly when its set-up fails while the walk runs (a missing baseline)", async () => {
    const repo = newRepo();
    repo.write("app.env", `TOKEN=${TOKEN_A}\n`).commit("add");
    const config = writeTestConfig(tempDir());
    const scanning = scanHistory({ repo: repo.dir, config, baseline: join(repo.dir, "no-such-baseline.json") });
    await expect(scanning).rejects.toBeInstanceOf(UserError);
    await expect(scanning).rejects.toThrow(/baseline file not found/);
  });

  it("lets scanHistory fail cleanly when the config is malformed, found after the walk started", async () => {
    const repo = newRepo();
    repo.write("app.env", `TOKEN=${TOKEN_A}\n`).commit("add");
    const config = join(tempDir(), "broken.yaml");
    writeFileSync(config, "rules: [\n");
    await expect(scanHistory({ repo: repo.dir, config })).rejects.toBeInstanceOf(UserError);
  });
});
