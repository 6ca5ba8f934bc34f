import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { ValidateFunction } from "ajv";
import { lazyModules } from "../util/lazyModules.js";
import { UserError } from "../problems.js";
import { workTreeRoot } from "../git/exec.js";
import { readPackageJson } from "../util/packageFiles.js";
import type { CompiledAllow } from "../rules/types.js";
import type { Baseline } from "./baseline.js";
import { parseIgnoreFile, type IgnoreFile } from "./ignoreFile.js";
import { Suppressor } from "./suppressor.js";
import { readSmallFile } from "../util/smallFile.js";

/** The ignore file looked for at the scan root, then at the repository root. */
const IGNORE_FILE_NAME = ".secretscanignore";

/** The baseline file `secretscan baseline` writes when `-o` is not given. */
export const DEFAULT_BASELINE_FILE = ".secretscan-baseline.json";

/** A file name for messages: relative to `cwd` when below it, else absolute. */
function displayName(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}

/** Largest ignore file or baseline read (a baseline entry is about 150 bytes). */
const MAX_SUPPRESSION_FILE_BYTES = 64 * 1024 * 1024;

/** The file's text, undefined when it does not exist; a one-line UserError when it cannot be read safely. */
function readIfExists(file: string, name: string): string | undefined {
  try {
    return readSmallFile(file, MAX_SUPPRESSION_FILE_BYTES);
  } catch (error) {
    throw new UserError(`${name}: ${(error as Error).message}`);
  }
}

/**
 * Reads the ignore file: `choice` (relative to `cwd`; must exist) when given, `false` for none,
 * else `.secretscanignore` at the scan root or, failing that, at the root of its git work tree.
 */
async function loadIgnoreFile(
  cwd: string,
  root: string,
  choice: string | false | undefined,
  isRepositoryRoot: boolean,
): Promise<IgnoreFile | undefined> {
  if (choice === false) return undefined;
  if (choice !== undefined) {
    const file = resolve(cwd, choice);
    const text = readIfExists(file, displayName(cwd, file));
    if (text === undefined) throw new UserError(`${choice}: ignore file not found (--ignore-file)`);
    return parseIgnoreFile(displayName(cwd, file), text);
  }
  // A root holding `.git` is the top of its work tree: no need to ask git (a process start).
  const repoRoot = isRepositoryRoot || existsSync(join(root, ".git")) ? root : await workTreeRoot(root);
  for (const dir of repoRoot && repoRoot !== root ? [root, repoRoot] : [root]) {
    const file = join(dir, IGNORE_FILE_NAME);
    const text = readIfExists(file, displayName(cwd, file));
    if (text !== undefined) return parseIgnoreFile(displayName(cwd, file), text);
  }
  return undefined;
}

let validator: ValidateFunction | undefined;

/** Validates against the shipped `schemas/baseline.schema.json`, compiled once. */
function validateBaseline(value: unknown): string | undefined {
  validator ??= new (lazyModules.ajv().Ajv)({ allErrors: false, strict: false }).compile(
    readPackageJson("schemas/baseline.schema.json") as object,
  );
  if (validator(value)) return undefined;
  const error = validator.errors?.[0];
  return `${error?.instancePath || "/"} ${error?.message ?? "is invalid"}`;
}

/**
 * Reads and validates a baseline file. With `isOptional`, a missing file gives undefined (for
 * `baseline --update` on a first run); otherwise it is a UserError, as is a malformed file.
 */
export async function loadBaseline(
  cwd: string,
  path: string,
  isOptional = false,
): Promise<{ name: string; baseline: Baseline } | undefined> {
  const file = resolve(cwd, path);
  const name = displayName(cwd, file);
  const text = readIfExists(file, name);
  if (text === undefined) {
    if (isOptional) return undefined;
    throw new UserError(`${name}: baseline file not found (create it with: secretscan baseline -o ${path})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the file's first bytes, which may be a secret.
    throw new UserError(`${name}: not a valid baseline: not JSON (a baseline is written by secretscan baseline)`);
  }
  const problem = validateBaseline(value);
  if (problem) throw new UserError(`${name}: not a valid baseline: ${problem} (see schemas/baseline.schema.json)`);
  return { name, baseline: value as Baseline };
}

/** How a run chooses its suppressions; every field is optional. */
export interface SuppressionOptions {
  /** Honour inline markers such as `secretscan:allow` (default true; false is `--no-inline-ignores`). */
  inlineIgnores?: boolean;
  /** Ignore file, relative to `cwd`; `false` for none; default `.secretscanignore` at the scan or repository root. */
  ignoreFile?: string | false;
  /** Baseline file, relative to `cwd`: findings in it are suppressed. */
  baseline?: string;
  /** Report ignore, baseline and allow entries that matched nothing as hints (default true). */
  reportStale?: boolean;
}

/**
 * Reads the ignore file and baseline a run uses and returns the run's Suppressor.
 * `isRepositoryRoot`: the caller knows `root` is the top of its repository (a bare one's git
 * directory included), so git need not be asked for it.
 */
export async function createSuppressor(
  options: SuppressionOptions,
  cwd: string,
  root: string,
  allow: CompiledAllow,
  isRepositoryRoot = false,
): Promise<Suppressor> {
  return new Suppressor({
    inlineIgnores: options.inlineIgnores ?? true,
    allow,
    ignoreFile: await loadIgnoreFile(cwd, root, options.ignoreFile, isRepositoryRoot),
    baseline: options.baseline !== undefined ? await loadBaseline(cwd, options.baseline) : undefined,
    reportStale: options.reportStale ?? true,
  });
}
