import type { SimpleGit } from "simple-git";
import { HARDENED_GIT_ARGS, hardenedGitEnv, NO_HOOKS_ARGS } from "./hardening.js";

/**
 * Only what git needs from the environment: simple-git refuses to run with variables that name
 * programs (EDITOR, GIT_ASKPASS, …), and a repository query needs none of them.
 */
const QUERY_ENV = /^(?:PATH|HOME|TMPDIR|LANG|LC_ALL|SYSTEMROOT|USERPROFILE|GIT_(?!PAGER$).*)$/i;

function queryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(hardenedGitEnv()).filter(([name]) => QUERY_ENV.test(name)));
}

/**
 * The `-c key=value` pairs of the hardened git arguments, in the form simple-git's `config` option
 * takes; `core.pager` is left to the environment's GIT_PAGER, since simple-git refuses pager settings.
 */
function hardenedConfig(): string[] {
  const args = [...HARDENED_GIT_ARGS, ...NO_HOOKS_ARGS];
  return args.flatMap((arg, index) => (args[index - 1] === "-c" && !arg.startsWith("core.pager=") ? [arg] : []));
}

/**
 * simple-git for small repository queries (branch, remotes), run with the same hardening as every
 * other git child: the repository's fsmonitor, hooks and pager off, `GIT_*` overrides dropped, no
 * transport, no replace objects. Loaded on first use, so commands that never ask (a pre-commit
 * `staged` run) do not pay for it. Streams (`cat-file --batch`, `log`) stay on `spawnGit`.
 */
export async function repositoryQuery(root: string): Promise<SimpleGit> {
  const { simpleGit } = await import("simple-git");
  // simple-git refuses any core.fsmonitor or core.hooksPath setting unless told it is deliberate;
  // ours switch the repository's commands off.
  const unsafe = { allowUnsafeFsMonitor: true, allowUnsafeHooksPath: true };
  return simpleGit({ baseDir: root, config: hardenedConfig(), unsafe }).env(queryEnv());
}
