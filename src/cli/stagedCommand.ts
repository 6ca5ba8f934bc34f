import type { ScanResult } from "../findings/types.js";
import { commonScanFlags } from "./scanFlags.js";
import { printable } from "../report/textFormat.js";
import { scanStaged } from "../modes/scanStaged.js";
import { findingsExitCode } from "./failThreshold.js";
import type { CliIo } from "./io.js";
import { STAGED_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";
import { inputFiles, refuseInputAsOutput } from "./outputTarget.js";
import { checkOutputFlag, outputOf, suppressionChoice, writeReport } from "./reportOutput.js";

/**
 * `secretscan staged [REPO]`: the pre-commit check. Scans the index (not the working tree), writes
 * the report, and with text output adds a "commit blocked" message on stderr saying what to fix.
 * Returns 1 when a secret is staged (which makes git abort the commit), 0 otherwise.
 */
export async function stagedCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, STAGED_FLAGS);
  await checkOutputFlag(values, io);
  if (positionals.length > 1)
    throw new UsageError(`staged takes one repository path at most (got ${positionals.length})`);
  refuseInputAsOutput(io.cwd, outputOf(values), inputFiles(values, []));
  const result = await scanStaged({
    ...commonScanFlags(values, io.cwd),
    ...(positionals[0] !== undefined ? { repo: positionals[0] } : {}),
    ...suppressionChoice(values),
    allLines: values["all-lines"] === true,
  });
  await writeReport(result, values, io);
  const format = typeof values.format === "string" ? values.format : "text";
  const code = findingsExitCode(result.findings, values);
  if (code === 1 && format === "text") io.stderr.write(blockingMessage(result));
  return code;
}

/**
 * What a developer sees when the hook stops a commit: each staged secret as `file:line`, rule and
 * redacted preview, then how to fix it and how to allow a false positive. Never the secret itself.
 */
export function blockingMessage(result: ScanResult): string {
  const files = result.findings.filter((finding) => finding.kind === "config-file").length;
  const secrets = result.findings.length - files;
  const parts = [
    secrets ? `${secrets} secret${secrets === 1 ? "" : "s"}` : "",
    files ? `${files} config file${files === 1 ? "" : "s"} that must not be committed` : "",
  ];
  const lines = [``, `secretscan: commit blocked — ${parts.filter(Boolean).join(" and ")} in staged changes:`];
  for (const finding of result.findings) {
    const where = `${printable(finding.path)}:${finding.location.startLine}:${finding.location.startColumn}`;
    lines.push(
      `  ${where}  ${printable(finding.ruleName)} (${printable(finding.ruleId)})  ${printable(finding.preview)}`,
    );
  }
  lines.push(
    ``,
    `To fix:`,
    `  1. Remove the secret from the file and load it at run time from an environment variable or a secret manager.`,
    `  2. Keep local config files with secrets out of git: add them to .gitignore and 'git rm --cached <file>'.`,
    `  3. Re-stage ('git add') and commit again. If the secret was ever pushed or shared, rotate it.`,
    `False positive? End the line with a comment such as '# secretscan:allow -- why it is safe', or add the value or path to 'allow' in .secretscanrc.yaml.`,
    `(Bypassing with 'git commit --no-verify' leaves the secret in history.)`,
    ``,
  );
  return lines.join("\n");
}
