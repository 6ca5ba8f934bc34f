import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Finding } from "../findings/types.js";
import { UserError } from "../problems.js";
import { renderReplaceText } from "../report/replaceText.js";
import { printable } from "../report/textFormat.js";
import { writeOutputFile } from "../util/outputFile.js";
import type { CliIo } from "./io.js";
import type { ParsedCommand } from "./parse.js";

/** Before the scan: `--replace-text` must name a new file, and `--fingerprint` needs it. */
export function checkReplaceTextFlags(values: ParsedCommand["values"], io: CliIo): void {
  const shown = values["replace-text"];
  if (typeof shown !== "string") {
    if (values.fingerprint !== undefined) throw new UserError("--fingerprint goes with --replace-text FILE");
    return;
  }
  if (existsSync(resolve(io.cwd, shown)))
    throw new UserError(`--replace-text ${shown}: already exists; it would hold raw secrets, so name a new file`);
}

/**
 * `history --replace-text FILE [--fingerprint FP]...`: writes the purge expressions for
 * `git filter-repo --replace-text` to a new file only its owner can read, and says on stderr how
 * many secrets it holds and which multi-line ones (private keys) need their files removed instead.
 */
export async function writeReplaceText(
  findings: readonly Finding[],
  values: ParsedCommand["values"],
  io: CliIo,
): Promise<void> {
  const shown = values["replace-text"] as string;
  const path = resolve(io.cwd, shown);
  const chosen = Array.isArray(values.fingerprint) ? new Set(values.fingerprint.map(String)) : undefined;
  const file = renderReplaceText(findings, chosen);
  await writeOutputFile(path, file.text, { symlink: "refuse", mode: 0o600 });
  io.stderr.write(
    `secretscan: wrote ${file.written} secret(s) to ${printable(shown)} (raw secrets: delete it after use). Rotate them first, then: git filter-repo --replace-text ${printable(shown)}\n`,
  );
  for (const multiLine of file.multiLinePaths)
    io.stderr.write(
      `secretscan: ${printable(multiLine)} holds a multi-line secret (a private key) that a line expression cannot replace; remove the file from history with git filter-repo --invert-paths --path ${printable(multiLine)}\n`,
    );
}
