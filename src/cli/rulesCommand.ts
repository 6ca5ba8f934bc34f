import { relative } from "node:path";
import { loadRunConfig, loadRuleSources, readChosenConfig } from "../config/loadRunConfig.js";
import { formatProblem } from "../config/problems.js";
import { ruleInfos } from "../result.js";
import { scanRoot } from "../sources/scanRoot.js";
import type { CliIo } from "./io.js";
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
  if (sub === "list") {
    const config = loadRunConfig(start, choice);
    const infos = ruleInfos(config).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (values.format === "json") io.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
    else io.stdout.write(infos.map((info) => `${info.id.padEnd(40)} ${info.severity.padEnd(8)} ${info.kind.padEnd(12)} ${info.name}`).join("\n") + `\n${infos.length} rules\n`);
    return 0;
  }
  if (sub === "test") {
    const rules = loadRuleSources(readChosenConfig(start, choice));
    const { checkRules } = await import("../rules/check.js");
    const problems = checkRules(rules).map((problem) => ({ ...problem, file: relative(io.cwd, problem.file) || problem.file }));
    if (values.format === "json") io.stdout.write(`${JSON.stringify({ rules: rules.length, problems }, null, 2)}\n`);
    else {
      for (const problem of problems) io.stdout.write(`${formatProblem(problem)}\n`);
      io.stdout.write(`${rules.length} rules checked: ${rules.length - new Set(problems.map((p) => p.ruleId)).size} passed, ${new Set(problems.map((p) => p.ruleId)).size} failed\n`);
    }
    return problems.length > 0 ? 1 : 0;
  }
  throw new UsageError(`unknown rules command "${sub ?? ""}" (expected list or test)`);
}
