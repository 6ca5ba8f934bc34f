import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { assertValidReport } from "./validateReport.js";

/** The real executable, as users run it (needs `npm run build`, which `npm test` does first). */
export const BIN = fileURLToPath(new URL("../../bin/secretscan.js", import.meta.url));

/** What a CLI run produced. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in `cwd` with `args`, no colour, optional stdin. */
export function runCli(args: string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 60_000,
  });
  assertValidReport(args, result.stdout, cwd);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
