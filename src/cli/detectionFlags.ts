import type { DetectionOptions } from "../runSources.js";
import { parseCount, UsageError, type ParsedCommand } from "./parse.js";

/** `--max-decode-depth`, `--threads` and `--match-timeout` as scan options; absent flags keep the defaults. */
export function detectionFlags(values: ParsedCommand["values"]): DetectionOptions {
  const options: DetectionOptions = {};
  if (typeof values["max-decode-depth"] === "string") options.maxDecodeDepth = parseCount(values["max-decode-depth"], "max-decode-depth");
  if (typeof values.threads === "string") options.threads = parseCount(values.threads, "threads");
  if (typeof values["match-timeout"] === "string") options.matchTimeoutMs = parseSeconds(values["match-timeout"], "match-timeout") * 1000;
  return options;
}

function parseSeconds(text: string, flag: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--${flag} takes a number of seconds above 0 and up to 3600 (got "${text}")`);
  }
  return seconds;
}
