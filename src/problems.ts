/**
 * A mistake the user can fix in a config or rule file. Positions are 1-based; `ruleId` names the
 * rule when the problem is inside one.
 */
export interface Problem {
  file: string;
  line: number;
  column: number;
  ruleId?: string;
  message: string;
}

/** One line: `file:line:column: rule <id>: message`. */
export function formatProblem(problem: Problem): string {
  const rule = problem.ruleId ? `rule ${problem.ruleId}: ` : "";
  return `${problem.file}:${problem.line}:${problem.column}: ${rule}${problem.message}`;
}

/**
 * Thrown by the programmatic API for errors the user caused (bad config, bad rule, bad path).
 * The CLI prints each problem on one line and exits 2, without a stack trace.
 */
export class UserError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[] | string) {
    const list = typeof problems === "string" ? [] : problems;
    super(typeof problems === "string" ? problems : list.map(formatProblem).join("\n"));
    this.name = "UserError";
    this.problems = list;
  }
}

/** A note for the user that is neither a finding nor a diagnostic (for example a stale ignore entry). */
export interface Hint {
  code: string;
  message: string;
}
