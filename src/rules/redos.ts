import { checkSync } from "recheck";

/** Time the analyser may spend on a built-in pattern; an undecided one is left to the fuzz tests and the runtime bound. */
const BUILTIN_ANALYSIS_MS = 40;

/**
 * Time the analyser may spend on a user's pattern, which no fuzz test covers: undecided within it
 * is a failure. Typical secret patterns are decided in 0.1–2.5 s on a loaded 2-core machine.
 */
const USER_ANALYSIS_MS = 5000;

let isWarm = false;

/**
 * recheck's first analysis pays its own start-up (about 1 s): judged cold, the first pattern ran out
 * of time and an exponential custom rule passed as undecided. One throw-away analysis warms it.
 */
function warmUp(): void {
  if (isWarm) return;
  checkSync("a", "", { timeout: 10_000 });
  isWarm = true;
}

/** Worst-case matching time a pattern may have; anything worse is rejected by `rules test`. */
type Complexity = "safe" | "polynomial" | "exponential" | "unknown";

/** The verdict of the static ReDoS analysis of one pattern. */
interface RegexSafety {
  complexity: Complexity;
  /** Polynomial degree when `complexity` is polynomial. */
  degree?: number;
}

/**
 * Statically analyses a rule pattern for catastrophic backtracking with recheck (an automaton-based
 * ReDoS checker). Bounded repetitions such as `{0,24}` keep most secret patterns safe; nested or
 * overlapping unbounded quantifiers (`(a+)+`, `(\w|\d)*`) are exponential.
 */
function analyseRegex(source: string, flags: string, timeoutMs: number): RegexSafety {
  const diagnostics = checkSync(source, flags.replace(/[gd]/g, ""), { timeout: timeoutMs });
  if (diagnostics.status === "safe") return { complexity: "safe" };
  if (diagnostics.status === "unknown") return { complexity: "unknown" };
  const complexity = diagnostics.complexity;
  if (complexity.type === "exponential") return { complexity: "exponential" };
  if (complexity.type === "polynomial") return { complexity: "polynomial", degree: complexity.degree };
  return { complexity: "safe" };
}

/**
 * A problem message when the pattern can backtrack exponentially, or, for a user's pattern
 * (`isBuiltin` false), when the analysis cannot decide in time. Polynomial verdicts are not
 * rejected: the analyser reports large bounded repetitions (`{20,255}`) as polynomial, and real
 * matching time is what the fuzz test and the runtime budget bound.
 */
export function regexSafetyProblem(source: string, flags: string, isBuiltin: boolean): string | undefined {
  if (!isBuiltin) warmUp();
  const safety = analyseRegex(source, flags, isBuiltin ? BUILTIN_ANALYSIS_MS : USER_ANALYSIS_MS);
  if (safety.complexity === "exponential")
    return "pattern can backtrack exponentially (ReDoS): remove nested or overlapping unbounded quantifiers";
  if (safety.complexity === "unknown" && !isBuiltin)
    return `the ReDoS analysis could not show within ${USER_ANALYSIS_MS / 1000} s that the pattern cannot backtrack catastrophically: simplify it (fewer alternatives and unbounded or large repetitions)`;
  return undefined;
}
