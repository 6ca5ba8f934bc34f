import { findingsExitCode } from "./failThreshold.js";
import type { CliIo } from "./io.js";
import { mergeShardReports } from "./mergeShards.js";
import { MERGE_FLAGS } from "./options.js";
import { refuseInputAsOutput } from "./outputTarget.js";
import { parseCommand, UsageError } from "./parse.js";
import { checkOutputFlag, outputOf, writeReport } from "./reportOutput.js";

/**
 * `secretscan merge REPORT.json...`: combines the JSON reports of every shard of one run into the
 * report the unsplit run gives, in any format, and exits as that run would (1 on findings).
 */
export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, MERGE_FLAGS);
  if (positionals.length === 0)
    throw new UsageError("merge takes the JSON reports of every shard (secretscan merge shard-*.json)");
  refuseInputAsOutput(io.cwd, outputOf(values), positionals);
  await checkOutputFlag(values, io);
  const result = mergeShardReports(positionals, io.cwd, values["no-redact"] === true);
  await writeReport(result, values, io);
  return findingsExitCode(result.findings, values);
}
