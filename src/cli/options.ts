/** One command-line flag: the parser's definition and the help text come from the same entry. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** Placeholder for the value in help, e.g. FILE. */
  value?: string;
  /** Default shown in help; `undefined` shows nothing. */
  defaultText?: string;
  description: string;
  /** Accepted values, checked after parsing. */
  choices?: readonly string[];
  multiple?: boolean;
}

/** Flags shared by every scanning command. */
export const REPORT_FLAGS: readonly FlagSpec[] = [
  { name: "format", short: "f", type: "string", value: "FORMAT", defaultText: "text", choices: ["text", "json", "sarif"], description: "report format: text, json or sarif" },
  { name: "output", short: "o", type: "string", value: "FILE", defaultText: "stdout", description: "write the report to FILE (atomically); exit code unchanged" },
  { name: "config", short: "c", type: "string", value: "FILE", defaultText: "nearest .secretscanrc.yaml/.yml upward from cwd", description: "config file" },
  { name: "no-config", type: "boolean", defaultText: "false", description: "ignore config files (use built-in rules only)" },
  { name: "no-redact", type: "boolean", defaultText: "false", description: "show full secrets in the report (default output redacts them)" },
  { name: "no-color", type: "boolean", defaultText: "colour on a TTY unless NO_COLOR is set", description: "never colour the text report" },
  { name: "max-file-size", type: "string", value: "BYTES", defaultText: "10485760 (10 MiB)", description: "larger files are not read and are reported as diagnostics" },
  { name: "max-decode-depth", type: "string", value: "N", defaultText: "2", description: "nested base64/hex/percent/escape layers decoded and scanned; 0 turns decoding off" },
];

/** Flags of `secretscan scan`. */
export const SCAN_FLAGS: readonly FlagSpec[] = [
  ...REPORT_FLAGS,
  { name: "no-gitignore", type: "boolean", defaultText: "false (git-ignored files are skipped)", description: "also scan files that git ignores" },
  { name: "stdin-name", type: "string", value: "NAME", defaultText: "stdin", description: "the path reports give to standard input ('-')" },
];

/** Flags of `secretscan rules list` and `rules test`. */
export const RULES_FLAGS: readonly FlagSpec[] = [
  { name: "format", short: "f", type: "string", value: "FORMAT", defaultText: "text", choices: ["text", "json"], description: "output format: text or json" },
  { name: "config", short: "c", type: "string", value: "FILE", defaultText: "nearest .secretscanrc.yaml/.yml upward from cwd", description: "config file whose rules are included" },
  { name: "no-config", type: "boolean", defaultText: "false", description: "built-in rules only" },
];

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [{ name: "help", short: "h", type: "boolean", description: "show help for the command" }];
