import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../problems.js";

/**
 * Refuses an `--output` that is one of the run's own input files (a file named as a scan path,
 * the config, ignore file or baseline): writing the report there would destroy the input, and
 * `scan app.py -o app.py` is a slip, not a wish. Compared by device and inode, so a link or a
 * differently spelled path to the same file is caught too.
 */
export function refuseInputAsOutput(
  cwd: string,
  output: string | undefined,
  inputs: ReadonlyArray<string | undefined>,
): void {
  if (output === undefined) return;
  const target = statSync(resolve(cwd, output), { throwIfNoEntry: false });
  if (!target?.isFile()) return;
  for (const input of inputs) {
    if (input === undefined || input === "-") continue;
    const source = statSync(resolve(cwd, input), { throwIfNoEntry: false });
    if (source?.isFile() && source.dev === target.dev && source.ino === target.ino) {
      throw new UserError(`--output ${output}: is an input of this run (${input}); choose another file`);
    }
  }
}

/** The files a scanning command reads that a report must never overwrite, from its parsed flags. */
export function inputFiles(values: Record<string, unknown>, positionals: readonly string[]): Array<string | undefined> {
  const flag = (name: string): string | undefined =>
    typeof values[name] === "string" ? (values[name] as string) : undefined;
  return [...positionals, flag("config"), flag("ignore-file"), flag("baseline")];
}
