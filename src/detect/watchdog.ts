import { createContext, Script } from "node:vm";

/**
 * One context and one compiled call, made on the first watched call and reused: a new context costs
 * milliseconds, the call a fraction of one. Made lazily, since a run with only the built-in rules
 * (a pre-commit hook's usual case) never watches a call.
 */
interface Watcher {
  context: { work: (() => unknown) | undefined };
  call: Script;
}

let watcher: Watcher | undefined;

function theWatcher(): Watcher {
  watcher ??= { context: createContext({ work: undefined }) as Watcher["context"], call: new Script("work()") };
  return watcher;
}

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
  const { context, call } = theWatcher();
  context.work = work;
  try {
    return { ok: true, value: call.runInContext(context, { timeout: Math.max(1, Math.ceil(timeoutMs)) }) as T };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { ok: false };
    throw error;
  } finally {
    context.work = undefined;
  }
}
