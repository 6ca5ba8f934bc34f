import { access, constants, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { UserError } from "../problems.js";

/** What the CLI may touch: injected so tests can run `main()` in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Checks, before any scanning, that `path` can be written: its folder exists and is writable, and
 * it is not itself a folder. A long scan should not end in an error about a temporary file.
 */
export async function checkOutputPath(path: string, shown: string): Promise<void> {
  const folder = dirname(path);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo?.isDirectory())
    throw new UserError(`--output ${shown}: folder ${folder} does not exist (create it first)`);
  if ((await stat(path).catch(() => undefined))?.isDirectory())
    throw new UserError(`--output ${shown}: is a folder; name a file`);
  await access(folder, constants.W_OK).catch(() => {
    throw new UserError(`--output ${shown}: folder ${folder} is not writable`);
  });
}

/** Colour on a TTY only, never with NO_COLOR, always with FORCE_COLOR (unless --no-color). */
export function shouldColor(io: CliIo, noColorFlag: boolean, toFile: boolean): boolean {
  if (noColorFlag || toFile || (io.env.NO_COLOR ?? "") !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}
