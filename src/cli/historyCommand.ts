import { commonScanFlags } from "./scanFlags.js";
import { scanHistory } from "../modes/scanHistory.js";
import { findingsExitCode } from "./failThreshold.js";
import type { CliIo } from "./io.js";
import { HISTORY_FLAGS } from "./options.js";
import { parseCommand, UsageError, type ParsedCommand } from "./parse.js";
import { shardOf } from "./shardFlag.js";
import { scanRepositories } from "../modes/scanRepositories.js";
import { progressLine } from "./progress.js";
import { checkReplaceTextFlags, writeReplaceText } from "./replaceText.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { checkOutputFlag, outputOf, suppressionChoice, writeReport } from "./reportOutput.js";

/**
 * `secretscan history [REPO...]`: scans every blob in each repository's history once, writes the
 * report and returns the exit code (0 clean, 1 findings). Progress goes to stderr on a terminal only.
 */
export async function historyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, HISTORY_FLAGS);
  const shard = shardOf(values);
  await checkOutputFlag(values, io);
  if (positionals.length > 1) checkSeveralRepositories(values);
  refuseInputAsOutput(io.cwd, outputOf(values), inputFiles(values, []));
  checkReplaceTextFlags(values, io);
  const progress = progressLine(io, values["no-progress"] !== true);
  try {
    const options = {
      ...commonScanFlags(values, io.cwd),
      ...suppressionChoice(values),
      ...(typeof values.range === "string" ? { range: values.range } : {}),
      ...(typeof values.branch === "string" ? { branch: values.branch } : {}),
      ...(typeof values.since === "string" ? { since: values.since } : {}),
      includeUnreachable: values.unreachable === true,
      cache: values["no-cache"] !== true,
      wholeBlobs: values["whole-blobs"] === true,
      ...(typeof values["cache-dir"] === "string" ? { cacheDir: values["cache-dir"] } : {}),
      onProgress: progress.update,
      ...(shard ? { shard } : {}),
    };
    const result =
      positionals.length > 1
        ? await scanRepositories(positionals, options)
        : await scanHistory({ ...options, ...(positionals[0] !== undefined ? { repo: positionals[0] } : {}) });
    progress.done();
    await writeReport(result, values, io);
    if (typeof values["replace-text"] === "string") await writeReplaceText(result.findings, values, io);
    return findingsExitCode(result.findings, values);
  } finally {
    progress.done();
  }
}

/** Flags that name one repository's commits or split one run cannot apply to several repositories. */
function checkSeveralRepositories(values: ParsedCommand["values"]): void {
  for (const flag of ["range", "shard"])
    if (typeof values[flag] === "string")
      throw new UsageError(`--${flag} applies to one repository; audit the repositories one by one to use it`);
}
