import type { Hint } from "../problems.js";
import { compileFileRule, compileRule } from "../rules/compile.js";
import { compileAllow, type PatternError } from "../rules/compileAllow.js";
import type { CompiledAllow, CompiledFileRule, CompiledRule } from "../rules/types.js";
import type { Problem } from "../problems.js";
import type { ConfigFileContent, LocatedRule } from "./ruleFile.js";

/** The rules and global allow-list a run uses, or the problems that stop it. */
export interface ResolvedRules {
  /** Content rules: run over the text of every file. */
  rules: CompiledRule[];
  /** File rules (`kind: config-file`): run over file paths by the file pass, never by the content detector. */
  fileRules: CompiledFileRule[];
  allow: CompiledAllow;
  problems: Problem[];
  hints: Hint[];
}

/**
 * Merges built-in rules with a config: config rules replace built-ins of the same id, disabled ids
 * are dropped, everything is compiled once. Every problem in every rule is collected.
 */
export function resolveRules(builtins: LocatedRule[], config: ConfigFileContent | undefined): ResolvedRules {
  const problems: Problem[] = [];
  const hints: Hint[] = [];
  const byId = new Map<string, LocatedRule>();
  const useDefaults = config?.useDefaultRules ?? true;
  for (const located of useDefaults ? builtins : []) addUnique(byId, located, problems);
  const configIds = new Set<string>();
  for (const located of config?.rules ?? []) {
    if (configIds.has(located.syntax.id)) problems.push(duplicateProblem(located));
    configIds.add(located.syntax.id);
    byId.set(located.syntax.id, located);
  }
  for (const id of config?.disableRules ?? []) {
    if (!byId.delete(id))
      hints.push({ code: "unknown-disabled-rule", message: `disableRules names "${id}", which is not a rule` });
  }
  const rules: CompiledRule[] = [];
  const fileRules: CompiledFileRule[] = [];
  for (const located of byId.values()) {
    const options = { isPrevalidated: located.isPrevalidated === true };
    const outcome =
      located.syntax.kind === "config-file"
        ? compileFileRule(located.syntax, options)
        : compileRule(located.syntax, options);
    if (!outcome.ok) problems.push(...outcome.errors.map((error) => ruleProblem(located, error)));
    else if (isFileRule(outcome.rule)) fileRules.push(outcome.rule);
    else rules.push(outcome.rule);
  }
  const allowErrors: PatternError[] = [];
  const allow = compileAllow(config?.allow, allowErrors);
  for (const error of allowErrors) {
    const source = config?.source;
    if (source) problems.push({ file: source.file, ...source.locate(error.path), message: error.message });
  }
  return { rules, fileRules, allow, problems, hints };
}

function isFileRule(rule: CompiledRule | CompiledFileRule): rule is CompiledFileRule {
  return "selectsPath" in rule;
}

function addUnique(byId: Map<string, LocatedRule>, located: LocatedRule, problems: Problem[]): void {
  if (byId.has(located.syntax.id)) problems.push(duplicateProblem(located));
  else byId.set(located.syntax.id, located);
}

function duplicateProblem(located: LocatedRule): Problem {
  return ruleProblem(located, { path: ["id"], message: `duplicate rule id "${located.syntax.id}"` });
}

function ruleProblem(located: LocatedRule, error: PatternError): Problem {
  const position = located.source.locate(["rules", located.index, ...error.path]);
  return { file: located.source.file, ...position, ruleId: located.syntax.id, message: error.message };
}
