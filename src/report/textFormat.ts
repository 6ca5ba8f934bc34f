import type { Severity } from "../rules/types.js";
import { SEVERITIES } from "../rules/types.js";
import type { Finding, ScanStats } from "../findings/types.js";

/** Functions that wrap text in ANSI styles, or return it unchanged when colour is off. */
export interface Palette {
  bold: (text: string) => string;
  dim: (text: string) => string;
  red: (text: string) => string;
  yellow: (text: string) => string;
}

/** A style from its SGR open and close codes; the close code resets only that attribute. */
function style(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** The palette for a report: real ANSI styles when `color` is true, identity functions otherwise. */
export function makePalette(color: boolean): Palette {
  if (!color) {
    const plain = (text: string): string => text;
    return { bold: plain, dim: plain, red: plain, yellow: plain };
  }
  return { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), yellow: style(33, 39) };
}

/** Colours a (possibly padded) severity label: critical/high red, medium yellow, low/info dim. */
export function paintSeverity(palette: Palette, severity: Severity, label: string): string {
  if (severity === "critical" || severity === "high") return palette.red(label);
  return severity === "medium" ? palette.yellow(label) : palette.dim(label);
}

/**
 * C0/C1 control characters (which include ESC) and the Unicode bidi controls used in "Trojan
 * Source" attacks. Scanned files, file names and commit metadata are attacker-controlled, so
 * printing them raw could recolour, hide or rewrite the user's terminal.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Makes untrusted text safe for a terminal: tabs become spaces, other controls become `\xNN`/`\uNNNN`. */
export function printable(text: string): string {
  return text.replace(/\t/g, " ").replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** `1 file`, `2 files`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Bytes in binary units with one decimal: `512 B`, `4.1 KB`, `2.0 MB`. */
export function formatBytes(bytes: number): string {
  const units = ["KB", "MB", "GB", "TB"];
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] as string}`;
}

/** Wall time: `35 ms` below one second, `1.2 s` above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The closing line, e.g. `3 findings (1 critical, 2 high) in 12 files, 4.1 KB, 35 ms` or
 * `No secrets found in 12 files (4.1 KB, 35 ms)`. Blobs are mentioned only when git history was
 * read; `incomplete` (inputs with warning diagnostics) is appended when non-zero.
 */
export function summaryLine(counts: Record<Severity, number>, stats: ScanStats, incomplete: number): string {
  const total = SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
  const scanned =
    stats.blobs > 0 ? `${plural(stats.files, "file")} and ${plural(stats.blobs, "blob")}` : plural(stats.files, "file");
  const size = `${formatBytes(stats.bytes)}, ${formatDuration(stats.durationMs)}`;
  const tail = incomplete > 0 ? `; ${plural(incomplete, "input")} not fully scanned (see Diagnostics)` : "";
  if (total === 0) return `No secrets found in ${scanned} (${size})${tail}`;
  const bySeverity = SEVERITIES.filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`)
    .join(", ");
  return `${plural(total, "finding")} (${bySeverity}) in ${scanned}, ${size}${tail}`;
}

/** Width of the detail labels (`line`, `fingerprint`, …) so their values line up. */
const LABEL_WIDTH = 12;
/** Indentation of a finding's detail lines. */
const DETAIL_INDENT = "    ";

/**
 * One `label  value` detail line of a text-report entry; continuation lines of a multi-line value stay
 * aligned, and every line is made terminal-safe. Shared by the findings and config-file sections so
 * both read alike.
 */
export function detail(palette: Palette, label: string, value: string): string[] {
  const pad = " ".repeat(LABEL_WIDTH + 1);
  return value
    .trim()
    .split(/\r\n|\r|\n/)
    .map(printable)
    .map((line, index) =>
      index === 0
        ? `${DETAIL_INDENT}${palette.dim(label.padEnd(LABEL_WIDTH))} ${line}`
        : `${DETAIL_INDENT}${pad}${line}`,
    );
}

/** The `suppressed` detail line of a suppressed finding (none for a reported one): where and why. */
export function suppressedDetail(palette: Palette, finding: Finding): string[] {
  if (!finding.suppressed) return [];
  const where = finding.suppressed.kind === "inSource" ? "in source" : "external";
  return detail(palette, "suppressed", `${where}: ${finding.suppressed.reason}`);
}
