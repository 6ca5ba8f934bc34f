import { relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { slashPathsFrom } from "../../src/util/relativePath.js";

describe("slashPathsFrom", () => {
  const cases: Array<[string, string]> = [
    ["/repo", "/repo/a/b.txt"],
    ["/repo", "/repo"],
    ["/repo", "/repository/x"],
    ["/repo", "/other/x"],
    ["/repo/", "/repo/a"],
    ["/", "/etc/passwd"],
    ["/repo/./sub", "/repo/sub/file"],
    ["/repo/sub/..", "/repo/file"],
    ["relative/dir", "/abs/file"],
    ["/repo", "/repo/dir/"],
  ];
  it.each(cases)("from %s to %s gives what path.relative gives, with / separators", (from, to) => {
    expect(slashPathsFrom(from)(to)).toBe(relative(from, to).split(sep).join("/"));
  });
});
