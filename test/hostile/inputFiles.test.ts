import { execFileSync } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { githubToken } from "../helpers/tokens.js";

/**
 * Config, ignore and baseline files that try to hang or exhaust the scanner: FIFOs, links to
 * /dev/zero, YAML alias bombs. Each is a clean exit 2 within seconds, no stack, nothing quoted.
 */
const TOKEN = githubToken(990);

function expectCleanRefusal(run: CliRun, seconds: number): void {
  expect(run.status).toBe(2);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr).not.toContain(TOKEN);
  expect(seconds).toBeLessThan(20);
}

function timed(args: string[], dir: string): { run: CliRun; seconds: number } {
  const started = performance.now();
  const run = runCli(args, dir);
  return { run, seconds: (performance.now() - started) / 1000 };
}

describe("hostile config, ignore and baseline files", () => {
  it("a FIFO or a link to /dev/zero as config, ignore file or baseline is refused at once", () => {
    const cases: Array<[string, string[]]> = [
      [".secretscanrc.yaml", ["scan", "."]],
      [".secretscanignore", ["scan", "."]],
      ["base.json", ["scan", ".", "--baseline", "base.json"]],
      ["rc.yaml", ["scan", ".", "--config", "rc.yaml"]],
    ];
    for (const [name, args] of cases) {
      for (const kind of ["fifo", "zero"]) {
        const dir = tempDir("secretscan-input-");
        writeFiles(dir, { "app.py": "x = 1\n" });
        if (kind === "fifo") execFileSync("mkfifo", [join(dir, name)]);
        else symlinkSync("/dev/zero", join(dir, name));
        const { run, seconds } = timed(args, dir);
        expectCleanRefusal(run, seconds);
        expect(run.stderr).toMatch(/not a regular file/);
      }
    }
  });

  it("an oversized config is refused without being read whole", () => {
    const dir = tempDir("secretscan-input-");
    writeFileSync(join(dir, ".secretscanrc.yaml"), `# ${"x".repeat(5 * 1024 * 1024)}\n`);
    const { run, seconds } = timed(["scan", "."], dir);
    expectCleanRefusal(run, seconds);
    expect(run.stderr).toMatch(/larger than/);
  });

  it("a billion-laughs config and an unresolved alias are one problem each, quoting nothing", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const name of "bcdefghij")
      levels.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${levels.length === 1 ? "a" : String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(", ")}]`,
      );
    const bomb = tempDir("secretscan-input-");
    writeFiles(bomb, { ".secretscanrc.yaml": `${levels.join("\n")}\n` });
    const laughs = timed(["scan", "."], bomb);
    expectCleanRefusal(laughs.run, laughs.seconds);
    expect(laughs.run.stderr).toMatch(/too many aliases/);
    const alias = tempDir("secretscan-input-");
    writeFiles(alias, { ".secretscanrc.yaml": `allow:\n  secrets: [*${TOKEN}]\n` });
    const unresolved = timed(["scan", "."], alias);
    expectCleanRefusal(unresolved.run, unresolved.seconds);
    expect(unresolved.run.stderr).toMatch(/^\.secretscanrc\.yaml:1:1: YAML: an alias names no anchor/m);
  });
});
