import { createContext, Script } from "node:vm";

/** One context and one compiled call, reused: a new context costs milliseconds, the call a fraction of one. */
const context = createContext({ work: undefined as (() => unknown) | undefined });
const CALL = new Script("work()");

/** What a watched call returned, or that it ran out of time. */
export type Watched<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs `work` on the calling thread and stops it after `timeoutMs`. Node's vm timeout has V8
 * terminate the running code, which interrupts a backtracking regex too, so a catastrophic pattern
 * a user supplied cannot hang a run that matches on the main thread (`staged`, `--threads 0`,
 * `rules test`). Each call starts a watchdog thread (about 0.2 ms), so callers use it for user
 * patterns only. Errors other than the timeout propagate.
 */
export function runWatched<T>(work: () => T, timeoutMs: number): Watched<T> {
  context.work = work;
  try {
    return { ok: true, value: CALL.runInContext(context, { timeout: Math.max(1, Math.ceil(timeoutMs)) }) as T };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { ok: false };
    throw error;
  } finally {
    context.work = undefined;
  }
}
