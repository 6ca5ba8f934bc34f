import type { DetectionOptions } from "../modes/runSources.js";
import type { ConfigChoice } from "../config/loadRunConfig.js";
import { parseByteSize, parseCount, UsageError, type ParsedCommand } from "./parse.js";

/** `--max-decode-depth`, `--threads` and `--match-timeout` as scan options; absent flags keep the defaults. */
function detectionFlags(values: ParsedCommand["values"]): DetectionOptions {
  const options: DetectionOptions = {};
  if (typeof values["max-decode-depth"] === "string")
    options.maxDecodeDepth = parseCount(values["max-decode-depth"], "max-decode-depth");
  if (typeof values.threads === "string") options.threads = parseCount(values.threads, "threads");
  if (typeof values["match-timeout"] === "string")
    options.matchTimeoutMs = parseSeconds(values["match-timeout"], "match-timeout") * 1000;
  return options;
}

function parseSeconds(text: string, flag: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--${flag} takes a number of seconds above 0 and up to 3600 (got "${text}")`);
  }
  return seconds;
}

/** The options every scanning command takes alike: cwd, config choice, size limit and detection flags. */
export function commonScanFlags(
  values: ParsedCommand["values"],
  cwd: string,
): DetectionOptions & { cwd: string; config: ConfigChoice; maxFileSize?: number } {
  return {
    cwd,
    config: configChoice(values),
    ...(typeof values["max-file-size"] === "string"
      ? { maxFileSize: parseByteSize(values["max-file-size"], "max-file-size") }
      : {}),
    ...detectionFlags(values),
  };
}

/** The config choice from `--config` / `--no-config`. */
export function configChoice(values: ParsedCommand["values"]): ConfigChoice {
  if (values["no-config"] === true) return false;
  return typeof values.config === "string" ? values.config : undefined;
}
