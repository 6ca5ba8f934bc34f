import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Config file names looked for, in order, in each directory. */
const CONFIG_NAMES = [".secretscanrc.yaml", ".secretscanrc.yml"];

/** The nearest config file in `start` or any parent directory, or undefined. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
