import { printable } from "../report/textFormat.js";
import { commonScanFlags } from "./scanFlags.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { buildBaseline, diffBaseline, newBaselineSalt, serializeBaseline } from "../findings/baseline.js";
import { DEFAULT_BASELINE_FILE, loadBaseline } from "../findings/suppressionFiles.js";
import { scan } from "../modes/scan.js";
import { checkOutputPath, type CliIo } from "./io.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { writeOutputFile } from "../util/outputFile.js";
import { BASELINE_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";
import { suppressionChoice } from "./reportOutput.js";

/**
 * `secretscan baseline [PATH...] [-o FILE] [--update]`: scans like `scan` and records every finding
 * that is not otherwise suppressed (inline marker, config allow-list, ignore file) by fingerprint,
 * rule id, secret hash and path. Refuses to replace an existing file without `--update`, which
 * adds new findings, drops fixed ones and prints the counts. Returns the exit code (0).
 */
export async function baselineCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, BASELINE_FLAGS);
  const isUpdate = values.update === true;
  const given = typeof values.baseline === "string" ? values.baseline : undefined;
  if (given !== undefined && !isUpdate)
    throw new UsageError("--baseline on 'secretscan baseline' names the file to update; add --update");
  const output = typeof values.output === "string" ? values.output : (given ?? DEFAULT_BASELINE_FILE);
  refuseInputAsOutput(io.cwd, output, inputFiles({ ...values, baseline: undefined }, positionals));
  if (!isUpdate && existsSync(resolve(io.cwd, output)))
    throw new UsageError(`${output} already exists; pass --update to update it`);
  await checkOutputPath(resolve(io.cwd, output), output);
  const previous = isUpdate ? await loadBaseline(io.cwd, given ?? output, true) : undefined;
  const { inlineIgnores, ignoreFile } = suppressionChoice(values);
  const result = await scan({
    paths: positionals.length ? positionals : ["."],
    ...commonScanFlags(values, io.cwd),
    respectGitignore: values["no-gitignore"] !== true,
    stdin: io.stdin,
    ...(inlineIgnores !== undefined ? { inlineIgnores } : {}),
    ...(ignoreFile !== undefined ? { ignoreFile } : {}),
    reportStale: false,
  });
  const baseline = buildBaseline(result.findings, previous?.baseline.salt ?? newBaselineSalt());
  await writeOutputFile(resolve(io.cwd, output), serializeBaseline(baseline), { symlink: "follow", mode: 0o644 });
  const entries = `${baseline.entries.length} entr${baseline.entries.length === 1 ? "y" : "ies"}`;
  if (previous) {
    const { added, removed } = diffBaseline(previous.baseline, result.findings);
    io.stdout.write(`Updated ${printable(output)}: ${entries} (${added} added, ${removed} removed)\n`);
  } else {
    io.stdout.write(`Wrote ${printable(output)}: ${entries}\n`);
  }
  const warnings = result.diagnostics.filter((diagnostic) => diagnostic.level === "warning").length;
  if (warnings > 0)
    io.stderr.write(`secretscan: ${warnings} input(s) were not fully scanned; run secretscan scan to see which\n`);
  return 0;
}
