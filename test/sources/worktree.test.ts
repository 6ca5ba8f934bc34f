import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/modes/scan.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { gitIn, initRepo } from "../helpers/git.js";
import { TOKEN_ONLY_CONFIG } from "../helpers/testRule.js";
import { githubToken } from "../helpers/tokens.js";

/** A directory with the test rule config and the given files. */
function project(files: Record<string, string | Uint8Array>, git = true): string {
  const dir = tempDir();
  if (git) initRepo(dir);
  writeFiles(dir, { ".secretscanrc.yaml": TOKEN_ONLY_CONFIG, ...files });
  return dir;
}

const paths = async (dir: string, options: Parameters<typeof scan>[0] = {}) =>
  (await scan({ cwd: dir, ...options })).findings.map((finding) => finding.path).sort();

describe("working-tree source", () => {
  it("skips git-ignored files by default, scans them with respectGitignore off, and finds untracked .env files", async () => {
    const dir = project({
      ".gitignore": "secret.log\nbuild/\n",
      "secret.log": githubToken(1),
      "build/out.js": githubToken(2),
      ".env": `TOKEN=${githubToken(3)}`,
      "src/app.py": `t = "${githubToken(4)}"`,
    });
    gitIn(dir, ["add", "src/app.py"]);
    expect(await paths(dir)).toEqual([".env", "src/app.py"]);
    expect(await paths(dir, { respectGitignore: false })).toEqual([".env", "build/out.js", "secret.log", "src/app.py"]);
  });

  it("applies nested .gitignore files, info/exclude and negations as git does", async () => {
    const dir = project({
      "a/.gitignore": "*.txt\n!keep.txt\n",
      "a/drop.txt": githubToken(5),
      "a/keep.txt": githubToken(6),
      "b/excluded.txt": githubToken(7),
    });
    writeFileSync(join(dir, ".git/info/exclude"), "b/excluded.txt\n");
    expect(await paths(dir)).toEqual(["a/keep.txt"]);
  });

  it("outside a repository applies .gitignore files itself", async () => {
    const dir = project(
      {
        ".gitignore": "*.log\n",
        "x.log": githubToken(8),
        "sub/.gitignore": "y.txt\n",
        "sub/y.txt": githubToken(9),
        "sub/z.txt": githubToken(10),
      },
      false,
    );
    expect(await paths(dir)).toEqual(["sub/z.txt"]);
    expect(await paths(dir, { respectGitignore: false })).toEqual(["sub/y.txt", "sub/z.txt", "x.log"]);
  });

  it("never descends into node_modules or .git unless named, and scans hidden files", async () => {
    const dir = project({ "node_modules/pkg/index.js": githubToken(11), ".ssh/config": githubToken(12) }, false);
    writeFileSync(join(dir, ".git-like"), githubToken(13));
    expect(await paths(dir, { respectGitignore: false })).toEqual([".git-like", ".ssh/config"]);
    expect(await paths(dir, { paths: ["node_modules"], respectGitignore: false })).toEqual(["pkg/index.js"]);
  });

  it("reports binary, oversized, unreadable and special files as diagnostics and still scans the rest", async () => {
    const dir = project(
      {
        "bin.dat": Buffer.from([0, 1, 2, 0x67, 0x68, 0x70]),
        "big.txt": "x".repeat(2000),
        "ok.txt": githubToken(14),
        "locked.txt": githubToken(15),
      },
      false,
    );
    chmodSync(join(dir, "locked.txt"), 0o000);
    const result = await scan({ cwd: dir, maxFileSize: 1000 });
    const reasons = Object.fromEntries(result.diagnostics.map((d) => [d.path, d.reason]));
    expect(reasons["bin.dat"]).toBe("binary");
    expect(reasons["big.txt"]).toBe("too-large");
    if (process.getuid?.() !== 0) expect(reasons["locked.txt"]).toBe("unreadable");
    expect(result.findings.map((f) => f.path)).toContain("ok.txt");
  });

  it("does not follow symlinks out of the root, and says so", async () => {
    const outside = tempDir();
    writeFiles(outside, { "secret.txt": githubToken(16) });
    const dir = project({ "inside.txt": "nothing" }, false);
    symlinkSync(join(outside, "secret.txt"), join(dir, "link.txt"));
    mkdirSync(join(dir, "loop"));
    symlinkSync(join(dir, "loop"), join(dir, "loop/self"));
    const result = await scan({ cwd: dir });
    expect(result.findings).toHaveLength(0);
    expect(result.diagnostics.find((d) => d.path === "link.txt")?.reason).toBe("symlink-outside-root");
  });

  it("decodes UTF-16 with a BOM and flags invalid UTF-8 while still scanning it", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`k=${githubToken(17)}\n`, "utf16le")]);
    const broken = Buffer.concat([Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from(`k=${githubToken(18)}`)]);
    const dir = project({ "u16.txt": utf16, "bad.txt": broken }, false);
    const result = await scan({ cwd: dir });
    expect(result.findings.map((f) => [f.path, f.location.startLine])).toEqual([
      ["bad.txt", 2],
      ["u16.txt", 1],
    ]);
    expect(result.diagnostics.find((d) => d.path === "bad.txt")?.reason).toBe("undecodable");
  });
});
