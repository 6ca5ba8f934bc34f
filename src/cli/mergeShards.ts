import { resolve } from "node:path";
import type { Finding, ScanResult } from "../findings/types.js";
import { UserError } from "../problems.js";
import type { JsonFinding, JsonReport, JsonShard } from "../report/jsonTypes.js";
import { readSmallFile } from "../util/smallFile.js";
import { combineShards } from "../modes/combine.js";

/** The largest report read: V8 cannot hold a longer string. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024 - 24;

/** A shard report as read: its file name (as given) and its content. */
interface ShardReport {
  file: string;
  report: JsonReport & { shard: JsonShard };
}

/**
 * Reads the JSON reports of the shards of one run (`--shard I/N -f json`) and combines them into
 * the result the unsplit run would have had (see `combineShards`). Throws a one-line UserError
 * for a file that is not a shard report, for reports of different repositories, revisions, rule
 * sets, settings, versions or shard counts, and for a shard given twice or missing. With
 * `needsSecrets` (`--no-redact`), every finding must carry its secret.
 */
export function mergeShardReports(files: readonly string[], cwd: string, needsSecrets: boolean): ScanResult {
  const reports = files.map((file) => readShardReport(file, cwd));
  checkSameRun(reports);
  const ordered = checkEveryShard(reports);
  if (needsSecrets) {
    const redacted = ordered.find(({ report }) => report.findings.some((finding) => finding.secret === undefined));
    if (redacted)
      throw new UserError(`${redacted.file}: written redacted; run the shards with --no-redact to merge with it`);
  }
  return combineShards(ordered.map(toScanResult));
}

function readShardReport(file: string, cwd: string): ShardReport {
  let text: string | undefined;
  try {
    text = readSmallFile(resolve(cwd, file), MAX_REPORT_BYTES);
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message}`);
  }
  if (text === undefined) throw new UserError(`${file}: no such file`);
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not a JSON report (write shard reports with --shard I/N -f json)`);
  }
  if (!isShardReport(report))
    throw new UserError(`${file}: not a shard report (write one with --shard I/N -f json, secretscan 0.1 or later)`);
  return { file, report };
}

/** Enough of the shape to combine safely; the rest is secretscan's own output. */
function isShardReport(value: unknown): value is ShardReport["report"] {
  const report = value as Partial<JsonReport> | null;
  const shard = report?.shard;
  return (
    typeof report === "object" &&
    report !== null &&
    Array.isArray(report.findings) &&
    Array.isArray(report.diagnostics) &&
    Array.isArray(report.hints) &&
    typeof report.summary === "object" &&
    typeof report.tool?.version === "string" &&
    typeof shard === "object" &&
    Number.isInteger(shard.index) &&
    Number.isInteger(shard.count) &&
    typeof shard.root === "string" &&
    Array.isArray(shard.rules)
  );
}

/** Every report must come from the same run: the same tool version, command, repository, revision, rules and settings. */
function checkSameRun(reports: readonly ShardReport[]): void {
  const [first, ...others] = reports as [ShardReport, ...ShardReport[]];
  const facts: Array<[string, (report: ShardReport["report"]) => string]> = [
    ["secretscan versions", (report) => report.tool.version],
    ["commands", (report) => report.shard.command],
    ["shard counts", (report) => String(report.shard.count)],
    [
      "repositories or revisions",
      (report) =>
        `${report.shard.root}${report.shard.versionControl ? ` at ${report.shard.versionControl.revisionId.slice(0, 12)}` : ""}`,
    ],
    ["rule sets", (report) => report.shard.rulesHash.slice(0, 12)],
    ["settings (paths, selection, limits or suppression files)", (report) => report.shard.settingsHash.slice(0, 12)],
  ];
  for (const [what, factOf] of facts) {
    const expected = factOf(first.report);
    const other = others.find(({ report }) => factOf(report) !== expected);
    if (other)
      throw new UserError(
        `${first.file} and ${other.file} are shards of different runs: different ${what} (${expected}, ${factOf(other.report)})`,
      );
  }
}

/** The reports in shard order, each shard exactly once. */
function checkEveryShard(reports: readonly ShardReport[]): ShardReport[] {
  const count = (reports[0] as ShardReport).report.shard.count;
  const byIndex = new Map<number, ShardReport>();
  for (const report of reports) {
    const index = report.report.shard.index;
    const seen = byIndex.get(index);
    if (seen) throw new UserError(`shard ${index}/${count} is given twice (${seen.file}, ${report.file})`);
    byIndex.set(index, report);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0)
    throw new UserError(
      `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} missing: merge needs every shard of the run`,
    );
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, report]) => report);
}

/** A shard report back as the engine's result: the shapes match field for field, the redacted line included. */
function toScanResult({ report }: ShardReport): ScanResult {
  const findings = report.findings.map(toFinding);
  const { root, rules, versionControl, index, count, command, settingsHash, rulesHash, paths } = report.shard;
  const { summary } = report;
  return {
    tool: { ...report.tool },
    root,
    findings: findings.filter((finding) => finding.suppressed === undefined),
    suppressed: findings.filter((finding) => finding.suppressed !== undefined),
    diagnostics: report.diagnostics.map((diagnostic) => ({ ...diagnostic })),
    hints: report.hints.map((hint) => ({ ...hint })),
    stats: {
      files: summary.files,
      bytes: summary.bytes,
      blobs: summary.blobs,
      rules: summary.rules,
      durationMs: summary.durationMs,
    },
    rules,
    ...(versionControl ? { versionControl } : {}),
    shard: { index, count, command, settingsHash, rulesHash, ...(paths ? { paths } : {}) },
  };
}

function toFinding(json: JsonFinding): Finding {
  const { line, secret, ...rest } = json;
  return { ...rest, secret: secret ?? "", redactedLine: line ?? "" };
}
