import { commonScanFlags } from "./scanFlags.js";
import { scanHistory } from "../modes/scanHistory.js";
import { findingsExitCode } from "./failThreshold.js";
import type { CliIo } from "./io.js";
import { HISTORY_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";
import { progressLine } from "./progress.js";
import { checkReplaceTextFlags, writeReplaceText } from "./replaceText.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { checkOutputFlag, outputOf, suppressionChoice, writeReport } from "./scanCommand.js";

/**
 * `secretscan history [REPO]`: scans every blob in the repository's history once, writes the report
 * and returns the exit code (0 clean, 1 findings). Progress goes to stderr on a terminal only.
 */
export async function historyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, HISTORY_FLAGS);
  await checkOutputFlag(values, io);
  if (positionals.length > 1)
    throw new UsageError(`history takes one repository path at most (got ${positionals.length})`);
  refuseInputAsOutput(io.cwd, outputOf(values), inputFiles(values, []));
  checkReplaceTextFlags(values, io);
  const progress = progressLine(io, values["no-progress"] !== true);
  try {
    const result = await scanHistory({
      ...commonScanFlags(values, io.cwd),
      ...(positionals[0] !== undefined ? { repo: positionals[0] } : {}),
      ...suppressionChoice(values),
      ...(typeof values.range === "string" ? { range: values.range } : {}),
      ...(typeof values.branch === "string" ? { branch: values.branch } : {}),
      ...(typeof values.since === "string" ? { since: values.since } : {}),
      includeUnreachable: values.unreachable === true,
      cache: values["no-cache"] !== true,
      ...(typeof values["cache-dir"] === "string" ? { cacheDir: values["cache-dir"] } : {}),
      onProgress: progress.update,
    });
    progress.done();
    await writeReport(result, values, io);
    if (typeof values["replace-text"] === "string") await writeReplaceText(result.findings, values, io);
    return findingsExitCode(result.findings, values);
  } finally {
    progress.done();
  }
}
