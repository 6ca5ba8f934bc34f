import {
  BASELINE_FLAGS,
  COMMON_FLAGS,
  HISTORY_FLAGS,
  INSTALL_HOOK_FLAGS,
  MERGE_FLAGS,
  RULES_FLAGS,
  SCAN_FLAGS,
  STAGED_FLAGS,
  type FlagSpec,
} from "./options.js";

/** A command's help: usage line, summary and flag table. */
interface CommandHelp {
  usage: string;
  summary: string;
  flags: readonly FlagSpec[];
}

/** Help for every command, keyed as typed on the command line. */
const COMMAND_HELP: Record<string, CommandHelp> = {
  scan: {
    usage: "secretscan scan [PATH...]",
    summary: "Scan files and directories (default: .) for secrets. '-' reads standard input.",
    flags: SCAN_FLAGS,
  },
  history: {
    usage: "secretscan history [REPO...]",
    summary:
      "Scan every blob in git history (all refs) once; reports who committed each secret, when, and whether HEAD still has it.",
    flags: HISTORY_FLAGS,
  },
  merge: {
    usage: "secretscan merge REPORT.json...",
    summary:
      "Combine the JSON reports of every shard of a run (--shard I/N -f json) into the report the unsplit run gives, in any format.",
    flags: MERGE_FLAGS,
  },
  staged: {
    usage: "secretscan staged [REPO]",
    summary: "Pre-commit check: scan staged changes (the index, not the working tree); exit 1 blocks the commit.",
    flags: STAGED_FLAGS,
  },
  "install-hook": {
    usage: "secretscan install-hook [REPO]",
    summary:
      "Install a git pre-commit hook that runs 'secretscan staged' (prints a snippet for husky or lefthook instead).",
    flags: INSTALL_HOOK_FLAGS,
  },
  baseline: {
    usage: "secretscan baseline [PATH...]",
    summary: "Record current findings (hashes only, never secrets) so 'scan --baseline FILE' reports only new ones.",
    flags: BASELINE_FLAGS,
  },
  "rules list": {
    usage: "secretscan rules list",
    summary: "List the active rules (built-in plus config).",
    flags: RULES_FLAGS,
  },
  "rules test": {
    usage: "secretscan rules test",
    summary: "Check every active rule: ids unique, regexes compile, examples match, negative examples do not.",
    flags: RULES_FLAGS,
  },
};

/** Help for one command. */
export function commandHelp(name: string): string {
  const help = COMMAND_HELP[name];
  if (!help) return mainHelp();
  return `Usage: ${help.usage} [options]\n\n${help.summary}\n\nOptions:\n${flagTable([...help.flags, ...COMMON_FLAGS])}\n${EXIT_CODES}`;
}

/** The top-level `--help`. */
export function mainHelp(): string {
  const commands = Object.entries(COMMAND_HELP)
    .map(([name, help]) => `  ${name.padEnd(12)} ${help.summary}`)
    .join("\n");
  return [
    "secretscan — find hardcoded secrets in working trees, git history and staged changes.",
    "",
    "Usage: secretscan <command> [options]",
    "",
    "Commands:",
    commands,
    "",
    "Options:",
    "  -h, --help       show help (also after a command: secretscan scan --help)",
    "  -v, --version    print the version",
    "",
    EXIT_CODES,
  ].join("\n");
}

const EXIT_CODES = "Exit codes: 0 no findings · 1 findings · 2 usage, config or runtime error\n";

function flagTable(flags: readonly FlagSpec[]): string {
  const rows = flags.map((flag) => {
    const names = `${flag.short ? `-${flag.short}, ` : "    "}--${flag.name}${flag.value ? ` ${flag.value}` : ""}`;
    const fallback = flag.defaultText ? ` (default: ${flag.defaultText})` : "";
    return { names, text: `${flag.description}${fallback}` };
  });
  const width = Math.max(...rows.map((row) => row.names.length)) + 2;
  return rows.map((row) => `  ${row.names.padEnd(width)}${row.text}`).join("\n") + "\n";
}
