import { checkSync } from "recheck";

/** Time the analyser may spend on one pattern; an undecided pattern is left to the fuzz test and the runtime bound. */
const ANALYSIS_TIMEOUT_MS = 40;

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
function analyseRegex(source: string, flags: string): RegexSafety {
  const diagnostics = checkSync(source, flags.replace(/[gd]/g, ""), { timeout: ANALYSIS_TIMEOUT_MS });
  if (diagnostics.status === "safe") return { complexity: "safe" };
  if (diagnostics.status === "unknown") return { complexity: "unknown" };
  const complexity = diagnostics.complexity;
  if (complexity.type === "exponential") return { complexity: "exponential" };
  if (complexity.type === "polynomial") return { complexity: "polynomial", degree: complexity.degree };
  return { complexity: "safe" };
}

/**
 * A problem message when the pattern can backtrack exponentially. Polynomial verdicts are not
 * rejected: the analyser reports large bounded repetitions (`{20,255}`) as polynomial, and real
 * matching time is what the fuzz test measures.
 */
export function regexSafetyProblem(source: string, flags: string): string | undefined {
  const safety = analyseRegex(source, flags);
  if (safety.complexity === "exponential")
    return "pattern can backtrack exponentially (ReDoS): remove nested or overlapping unbounded quantifiers";
  return undefined;
}
