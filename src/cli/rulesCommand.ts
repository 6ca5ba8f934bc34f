import { jsonText } from "../report/jsonText.js";
import { relative, resolve } from "node:path";
import { loadRunConfig, loadRuleSources, readChosenConfig, type ConfigChoice } from "../config/loadRunConfig.js";
import { formatProblem } from "../problems.js";
import { printable } from "../report/textFormat.js";
import { ruleInfos } from "../modes/result.js";
import { scanRoot } from "../sources/scanRoot.js";
import { writeOutputFile } from "../util/outputFile.js";
import { checkOutputPath, type CliIo } from "./io.js";
import { RULES_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";
import { configChoice } from "./scanFlags.js";

/** `secretscan rules list|test`. Returns the exit code. */
export async function rulesCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseCommand(rest, RULES_FLAGS);
  const choice = configChoice(values);
  // Discovery starts where a scan of the current directory starts (its repository's top), so both see the same config.
  const start = choice === undefined ? await scanRoot(["."], io.cwd) : io.cwd;
  if (sub !== "list" && sub !== "test")
    throw new UsageError(`unknown rules command "${sub ?? ""}" (expected list or test)`);
  const output = typeof values.output === "string" ? values.output : undefined;
  if (output !== undefined) await checkOutputPath(resolve(io.cwd, output), output);
  const { text, code } =
    sub === "list"
      ? listRules(start, choice, values.format === "json")
      : await testRules(start, choice, values.format === "json", io.cwd);
  if (output !== undefined) await writeOutputFile(resolve(io.cwd, output), text, { symlink: "follow", mode: 0o644 });
  else io.stdout.write(values.format === "json" ? text : terminalLines(text));
  return code;
}

/** Rule names, messages and examples come from a repository's config: no control character of theirs reaches a terminal. */
function terminalLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

/** `rules list`: every active rule, one line each (or a JSON array). */
function listRules(start: string, choice: ConfigChoice, isJson: boolean): { text: string; code: number } {
  const infos = ruleInfos(loadRunConfig(start, choice)).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (isJson) return { text: jsonText(infos), code: 0 };
  return {
    text:
      infos
        .map((info) => `${info.id.padEnd(40)} ${info.severity.padEnd(8)} ${info.kind.padEnd(12)} ${info.name}`)
        .join("\n") + `\n${infos.length} rules\n`,
    code: 0,
  };
}

/** `rules test`: every rule against its own examples; exit 1 when one fails. */
async function testRules(
  start: string,
  choice: ConfigChoice,
  isJson: boolean,
  cwd: string,
): Promise<{ text: string; code: number }> {
  const rules = loadRuleSources(readChosenConfig(start, choice));
  const { checkRules } = await import("../modes/checkRules.js");
  const problems = checkRules(rules).map((problem) => ({
    ...problem,
    file: relative(cwd, problem.file) || problem.file,
  }));
  const code = problems.length > 0 ? 1 : 0;
  if (isJson) return { text: jsonText({ rules: rules.length, problems }), code };
  const failed = new Set(problems.map((p) => p.ruleId)).size;
  return {
    text:
      problems.map((problem) => `${formatProblem(problem)}\n`).join("") +
      `${rules.length} rules checked: ${rules.length - failed} passed, ${failed} failed\n`,
    code,
  };
}
