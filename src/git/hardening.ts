/**
 * What every git child runs with, because the repository being scanned is not trusted: its
 * `.git/config` may name commands (an fsmonitor, hooks, a pager, diff drivers, filters, a promisor
 * remote's transport) that git would otherwise run on our behalf, and its replace refs or grafts
 * may hide commits from the history walk. Commands we run never need any of these.
 */

/**
 * Global options placed before every git subcommand. `-c` overrides the repository's own config;
 * an empty `filter.*` command would need the driver's name, so filters are kept off by running no
 * command that applies them (ls-files, raw diffs, cat-file without `--filters`, log without textconv).
 */
export const HARDENED_GIT_ARGS: readonly string[] = [
  "--no-pager",
  "--no-replace-objects",
  "-c",
  "core.quotePath=false",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.pager=cat",
  "-c",
  "log.showSignature=false",
  // GIT_GRAFT_FILE (below) makes git advise against grafts on every run; its stderr is our error text.
  "-c",
  "advice.graftFileDeprecated=false",
];

/** Points hooks nowhere; left out only to ask git where the repository's hooks live (install-hook). */
export const NO_HOOKS_ARGS: readonly string[] = ["-c", "core.hooksPath=/dev/null"];

/**
 * Environment variables git reads that say where the repository is (set by git itself when
 * secretscan runs as a hook, e.g. a commit's temporary index); every other `GIT_*` variable is
 * dropped, since several (GIT_EXTERNAL_DIFF, GIT_CONFIG_PARAMETERS, GIT_REPLACE_REF_BASE,
 * GIT_*_PATHSPECS…) would run commands or change what git reports.
 */
const KEPT_GIT_VARIABLES = new Set([
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_QUARANTINE_PATH",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_CONFIG_GLOBAL",
  "GIT_CONFIG_SYSTEM",
  "GIT_EXEC_PATH",
]);

/**
 * The environment for git children: the caller's, minus `GIT_*` overrides, plus no pager, no
 * prompts, no locale surprises, no replace objects, no grafts, no optional index writes, and no
 * transport at all (a partial clone's lazy fetch would otherwise contact, or with `ext::` run,
 * whatever the repository names as its promisor remote).
 */
export function hardenedGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!name.startsWith("GIT_") || KEPT_GIT_VARIABLES.has(name)) env[name] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    LC_ALL: "C",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_GRAFT_FILE: "/dev/null",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_ALLOW_PROTOCOL: "none",
  };
}
