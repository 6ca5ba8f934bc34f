import { runWatched } from "../detect/watchdog.js";

/** Time one rule example may take to match, so a catastrophic pattern fails `rules test` instead of hanging it. */
const EXAMPLE_BUDGET_MS = 2000;

/** The problem text for an example that overran the budget. */
export const EXAMPLE_TIMED_OUT = `took longer than ${EXAMPLE_BUDGET_MS / 1000} s to match (catastrophic backtracking): simplify the pattern`;

/**
 * Runs one example's matching, under the budget for a user's rule (`isBuiltin` false: a built-in
 * rule is fuzz-tested, and a watchdog per example would add a second to checking all of them);
 * undefined when it overran.
 */
export function matchExample<T>(work: () => T, isBuiltin: boolean): T | undefined {
  if (isBuiltin) return work();
  const watched = runWatched(work, EXAMPLE_BUDGET_MS);
  return watched.ok ? watched.value : undefined;
}
