import { main } from "./main.js";

/** Exit code for a run stopped by Ctrl-C, as shells report a SIGINT death (128 + 2). */
const INTERRUPTED = 130;

/**
 * The process entry: real stdio, real cwd; the exit code goes through process.exitCode.
 * Ctrl-C stops at once with a one-line note (reports are written atomically, so none is left
 * half-written; worker threads and git children end with the process). A closed stdout (a pipe
 * into `head`) ends the run quietly instead of crashing on EPIPE.
 */
export async function run(): Promise<void> {
  process.once("SIGINT", () => {
    process.stderr.write("secretscan: interrupted\n");
    process.exit(INTERRUPTED);
  });
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  });
}
