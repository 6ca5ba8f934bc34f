import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the installed package's root (the folder holding package.json, rules/ and schemas/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Reads and parses a JSON file shipped in the package, by path relative to the package root. */
export function readPackageJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, relativePath), "utf8"));
}

/** The package's version, from package.json. */
export function packageVersion(): string {
  return (readPackageJson("package.json") as { version: string }).version;
}
