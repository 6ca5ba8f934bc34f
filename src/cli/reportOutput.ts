import { resolve } from "node:path";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import type { ReportFormat } from "../report/formats.js";
import { loadRenderer } from "../report/loadRenderer.js";
import { writeOutputFile } from "../util/outputFile.js";
import { checkOutputPath, shouldColor, type CliIo } from "./io.js";
import type { ParsedCommand } from "./parse.js";

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

/** Renders the report in the chosen format and writes it, piece by piece, to `--output` or stdout. */
export async function writeReport(result: ScanResult, values: ParsedCommand["values"], io: CliIo): Promise<void> {
  const output = outputOf(values);
  const format = (typeof values.format === "string" ? values.format : "text") as ReportFormat;
  const render = await loadRenderer(format);
  const report = render(result, {
    redact: values["no-redact"] !== true,
    color: format === "text" && shouldColor(io, values["no-color"] === true, output !== undefined),
    showSuppressed: values["show-suppressed"] === true,
    verbose: values.verbose === true,
    generatedAt: new Date(),
  });
  if (output) {
    await writeOutputFile(resolve(io.cwd, output), report, { symlink: "follow", mode: 0o600 });
  } else {
    for (const piece of report) io.stdout.write(piece);
  }
}
