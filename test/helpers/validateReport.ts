import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describeErrors, gitlabValidator, reportValidator, sarifValidator } from "./ajv.js";

const validators = { json: reportValidator(), sarif: sarifValidator(), gitlab: gitlabValidator() };

/** The value of `-f`/`--format` and `-o`/`--output` in a command line, if any. */
function flagValue(args: readonly string[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === short || arg === long) return args[i + 1];
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  }
  return undefined;
}

/**
 * Every JSON, SARIF or GitLab report a test produces through the CLI is validated against its schema here,
 * whatever the test itself asserts: a report that does not validate fails the test that made it.
 */
export function assertValidReport(args: readonly string[], stdout: string, cwd: string): void {
  if (args[0] === "rules" || args[0] === "baseline" || args[0] === "install-hook") return;
  const format = flagValue(args, "-f", "--format");
  if (format !== "json" && format !== "sarif" && format !== "gitlab") return;
  const output = flagValue(args, "-o", "--output");
  const path = output === undefined ? undefined : resolve(cwd, output);
  const text = path === undefined ? stdout : existsSync(path) ? readFileSync(path, "utf8") : "";
  if (text.trim() === "") return;
  const validate = validators[format];
  if (!validate(JSON.parse(text)))
    throw new Error(
      `${format} report of \`secretscan ${args.join(" ")}\` is invalid:\n${describeErrors(validate.errors)}`,
    );
}
