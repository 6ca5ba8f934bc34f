import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { expect } from "vitest";
import { tempDir } from "./gitRepo.js";
import { assertValidReport } from "./validateReport.js";

/** What an in-process CLI run wrote and returned. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main()` in-process with captured stdout/stderr, no colour, `cwd` as the working directory. */
export async function runMain(
  argv: string[],
  cwd: string,
  options: { stderrIsTTY?: boolean } = {},
): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrIsTTY ?? false },
    stdin: Readable.from([]),
    cwd,
    env: { NO_COLOR: "1" },
  };
  const code = await main(argv, io);
  assertValidReport(argv, stdout, cwd);
  return { code, stdout, stderr };
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Builds dist/ and the CLI's bundle when either is missing or older than `sources` (repo-relative),
 * so real-binary tests work when vitest is run directly rather than through `npm test` (which
 * builds first).
 */
export function ensureBuilt(sources: string[]): void {
  const bundle = `${ROOT}dist/bundle/cli.js`;
  const builtAt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const isStale = sources.some(
    (source) =>
      statSync(`${ROOT}${source}`).mtimeMs > builtAt ||
      !existsSync(`${ROOT}dist/${source.replace(/^src\//, "").replace(/\.ts$/, ".js")}`),
  );
  if (!isStale) return;
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  run([`${ROOT}node_modules/typescript/bin/tsc`, "-p", `${ROOT}tsconfig.build.json`]);
  run([`${ROOT}scripts/bundle-cli.mjs`]);
}

/** The JSON report of a `history` run of `repoDir` under `config` (without its wall time), and its stderr; fails on exit 2. */
export async function historyJson(
  repoDir: string,
  config: string,
  ...flags: string[]
): Promise<{ report: any; stderr: string }> {
  const run = await runMain(["history", repoDir, "--config", config, "-f", "json", ...flags], tempDir());
  expect(run.code, run.stderr).toBeLessThan(2);
  const report = JSON.parse(run.stdout);
  delete report.summary.durationMs;
  return { report, stderr: run.stderr };
}
