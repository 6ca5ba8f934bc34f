import { relative } from "node:path";
import { formatProblem, UserError } from "../problems.js";
import { GitError } from "../git/exec.js";
import { printable } from "../report/textFormat.js";
import { packageVersion } from "../util/packageFiles.js";
import { commandHelp, mainHelp } from "./help.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./parse.js";

/** A command's entry point: argv after the command name → exit code. */
type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Commands load on demand, so `--version`, `--help` and the pre-commit `staged` path pay only for
 * the modules they use.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import("./scanCommand.js")).scanCommand,
  rules: async () => (await import("./rulesCommand.js")).rulesCommand,
  history: async () => (await import("./historyCommand.js")).historyCommand,
  staged: async () => (await import("./stagedCommand.js")).stagedCommand,
  merge: async () => (await import("./mergeCommand.js")).mergeCommand,
  "install-hook": async () => (await import("./installHook.js")).installHookCommand,
  baseline: async () => (await import("./baselineCommand.js")).baselineCommand,
};

/** Runs the CLI with `argv` (arguments after the program name) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(`${mainHelp()}`);
    return command === undefined ? 2 : 0;
  }
  if (command === "-v" || command === "--version") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const helpName = command === "rules" ? `rules ${rest[0] ?? ""}`.trim() : command;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(commandHelp(helpName));
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load) return (await load())(rest, io);
  throw new UsageError(`unknown command "${command}" (run secretscan --help)`);
}

/**
 * User errors print one line each, no stack; anything else is a bug and says so. Always exit 2.
 * Messages name paths and git's own words, which a scanned repository controls: control
 * characters in them are escaped (`printable`), so they cannot drive the terminal.
 */
function reportError(error: unknown, rawIo: CliIo): number {
  const io = {
    ...rawIo,
    stderr: { write: (text: string) => rawIo.stderr.write(text.split("\n").map(printable).join("\n")) },
  };
  if (error instanceof UserError) {
    if (error.problems.length === 0) io.stderr.write(`secretscan: ${error.message}\n`);
    else {
      for (const problem of error.problems)
        io.stderr.write(`${formatProblem({ ...problem, file: relative(io.cwd, problem.file) || problem.file })}\n`);
      io.stderr.write(
        `secretscan: ${error.problems.length} configuration problem${error.problems.length > 1 ? "s" : ""}; nothing was scanned\n`,
      );
    }
  } else if (error instanceof UsageError) {
    io.stderr.write(`secretscan: ${error.message}\nRun 'secretscan --help' for usage.\n`);
  } else if (error instanceof GitError) {
    io.stderr.write(`secretscan: ${error.message}\n`);
  } else if (isFsError(error)) {
    io.stderr.write(`secretscan: ${error.code}: ${error.path ?? ""}\n`);
  } else {
    io.stderr.write(`secretscan: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  return 2;
}

function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return (
    typeof (error as NodeJS.ErrnoException)?.code === "string" &&
    typeof (error as NodeJS.ErrnoException)?.syscall === "string"
  );
}
