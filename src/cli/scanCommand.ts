import { commonScanFlags } from "./scanFlags.js";
import { scan } from "../modes/scan.js";
import { findingsExitCode } from "./failThreshold.js";
import type { CliIo } from "./io.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { SCAN_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";
import { shardOf } from "./shardFlag.js";
import { checkOutputFlag, outputOf, suppressionChoice, writeReport } from "./reportOutput.js";

/** `secretscan scan [PATH...]`: scans, writes the report, returns the exit code (0 clean, 1 findings). */
export async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, SCAN_FLAGS);
  const shard = shardOf(values);
  if (shard && positionals.includes("-")) throw new UsageError("--shard splits files; it cannot split standard input");
  refuseInputAsOutput(io.cwd, outputOf(values), inputFiles(values, positionals));
  await checkOutputFlag(values, io);
  const result = await scan({
    paths: positionals.length ? positionals : ["."],
    ...commonScanFlags(values, io.cwd),
    respectGitignore: values["no-gitignore"] !== true,
    stdin: io.stdin,
    ...(typeof values["stdin-name"] === "string" ? { stdinName: values["stdin-name"] } : {}),
    ...suppressionChoice(values),
    ...(shard ? { shard } : {}),
  });
  await writeReport(result, values, io);
  if (values["fix-gitignore"] === true) await (await import("./fixGitignore.js")).fixGitignore(result, io);
  return findingsExitCode(result.findings, values);
}
