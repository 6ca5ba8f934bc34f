import { commonScanFlags } from "./scanFlags.js";
import { resolve } from "node:path";
import { renderReport, type ReportFormat } from "../report/index.js";
import { scan } from "../modes/scan.js";
import { findingsExitCode } from "./failThreshold.js";
import { checkOutputPath, shouldColor, type CliIo } from "./io.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { writeOutputFile } from "../util/outputFile.js";
import { SCAN_FLAGS } from "./options.js";
import { parseCommand, UsageError, type ParsedCommand } from "./parse.js";
import { shardOf } from "./shardFlag.js";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";

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

/** Suppression options from `--ignore-file`, `--no-inline-ignores` and `--baseline` (shared by every scanning command). */
export function suppressionChoice(values: ParsedCommand["values"]): SuppressionOptions {
  return {
    inlineIgnores: values["no-inline-ignores"] !== true,
    ...(typeof values["ignore-file"] === "string" ? { ignoreFile: values["ignore-file"] } : {}),
    ...(typeof values.baseline === "string" ? { baseline: values.baseline } : {}),
  };
}

/** The `--output` path, if any. */
export function outputOf(values: ParsedCommand["values"]): string | undefined {
  return typeof values.output === "string" ? values.output : undefined;
}

/** Fails before the scan when `--output` cannot be written (shared by every command that writes a report). */
export async function checkOutputFlag(values: ParsedCommand["values"], io: CliIo): Promise<void> {
  if (typeof values.output === "string") await checkOutputPath(resolve(io.cwd, values.output), values.output);
}

/** Renders the report in the chosen format and writes it to `--output` or stdout. */
export async function writeReport(result: ScanResult, values: ParsedCommand["values"], io: CliIo): Promise<void> {
  const output = outputOf(values);
  const format = (typeof values.format === "string" ? values.format : "text") as ReportFormat;
  const report = renderReport(format, result, {
    redact: values["no-redact"] !== true,
    color: format === "text" && shouldColor(io, values["no-color"] === true, output !== undefined),
    showSuppressed: values["show-suppressed"] === true,
    verbose: values.verbose === true,
    generatedAt: new Date(),
  });
  if (output) {
    await writeOutputFile(resolve(io.cwd, output), report, { symlink: "follow", mode: 0o600 });
  } else {
    io.stdout.write(report);
  }
}
