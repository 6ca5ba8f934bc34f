import type { Readable } from "node:stream";

/** What the CLI may touch: injected so tests can run `main()` in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Colour on a TTY only, never with NO_COLOR, always with FORCE_COLOR (unless --no-color). */
export function shouldColor(io: CliIo, noColorFlag: boolean, toFile: boolean): boolean {
  if (noColorFlag || toFile || (io.env.NO_COLOR ?? "") !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}
