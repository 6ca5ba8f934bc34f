import { parseArgs } from "node:util";
import { closestFlag } from "./didYouMean.js";
import type { FlagSpec } from "./options.js";

/** Parsed flags and positional arguments of one command. */
export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A command line the user got wrong: printed on one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses argv for a command against its flag table; unknown flags and bad choices are UsageErrors. */
export function parseCommand(argv: string[], flags: readonly FlagSpec[]): ParsedCommand {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const flag of flags) {
    options[flag.name] = {
      type: flag.type,
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(argumentProblem(error as Error & { code?: string }, flags));
  }
  for (const flag of flags) {
    const value = parsed.values[flag.name];
    if (flag.choices && typeof value === "string" && !flag.choices.includes(value)) {
      throw new UsageError(`--${flag.name} must be one of: ${flag.choices.join(", ")} (got "${value}")`);
    }
  }
  return { values: parsed.values as ParsedCommand["values"], positionals: parsed.positionals };
}

/** parseArgs' first line, with "did you mean" for an unknown option close to a known one. */
function argumentProblem(error: Error & { code?: string }, flags: readonly FlagSpec[]): string {
  const message = error.message.split("\n")[0] ?? "invalid arguments";
  const unknown = error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(message)?.[1] : undefined;
  if (unknown === undefined) return message;
  const suggestion = closestFlag(unknown, flags);
  return `unknown option ${unknown}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}

/** Parses a positive whole number of bytes, with an optional K/M/G (binary) suffix. */
/**
 * The largest file that can be scanned: V8 strings hold at most 2^29 - 24 UTF-16 code units, and a
 * file's text has at most one per byte. A larger `--max-file-size` would turn "too large" into a
 * misleading read error, so it is refused up front.
 */
const MAX_READABLE_BYTES = 512 * 1024 * 1024 - 24;

export function parseByteSize(text: string, flag: string): number {
  const match = /^(\d+)\s*([kmg]i?b?)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--${flag} takes a number of bytes, optionally with K, M or G (got "${text}")`);
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const unit = match[2] ? (units[match[2].charAt(0).toLowerCase()] ?? 1) : 1;
  const value = Number(match[1]) * unit;
  if (value < 1) throw new UsageError(`--${flag} must be at least 1`);
  if (value > MAX_READABLE_BYTES)
    throw new UsageError(`--${flag} can be at most 512M: a longer file cannot be held as text to scan (got "${text}")`);
  return value;
}

/** Parses a whole number from 0 to 16 (a small count such as a depth). */
export function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > 16)
    throw new UsageError(`--${flag} takes a whole number from 0 to 16 (got "${text}")`);
  return Number(text);
}
