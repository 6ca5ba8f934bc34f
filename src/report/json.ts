import { jsonPieces, jsonText, mapped, type StreamedItems } from "./jsonText.js";
import { groupSecrets, type SecretEntry } from "../findings/secrets.js";
import type { Finding, RuleInfo, ScanResult, ShardInfo } from "../findings/types.js";
import { copyCommit, copyLastHeld, type Provenance } from "../text/chunk.js";
import {
  JSON_REPORT_SCHEMA_ID,
  JSON_REPORT_VERSION,
  type JsonFinding,
  type JsonProvenance,
  type JsonReport,
  type JsonSecret,
  type JsonShard,
} from "./jsonTypes.js";
import type { ReportOptions } from "./options.js";
import { countBySeverity, listedFindings, prepareReport, roundEntropy } from "./prepare.js";

/**
 * Copies provenance field by field, so that whatever else the engine attaches to it can never
 * reach the report and the shape stays exactly what the schema describes. Every field is in the
 * one literal, in the schema's order, an absent one as undefined (which the text leaves out):
 * objects built from conditional spreads were five times slower to build and stringify (0.45 s of
 * jekyll/jekyll's 38k findings).
 */
function toJsonProvenance(provenance: Provenance): JsonProvenance {
  switch (provenance.type) {
    case "file":
    case "stdin":
      return { type: provenance.type, path: provenance.path };
    case "index":
      return { type: "index", path: provenance.path, blobId: provenance.blobId };
    case "git-blob": {
      const { introducedBy, removedBy, lastHeld, refs, reachableFrom } = provenance;
      return {
        type: "git-blob",
        path: provenance.path,
        blobId: provenance.blobId,
        introducedBy: introducedBy ? copyCommit(introducedBy) : undefined,
        firstCommittedAt: provenance.firstCommittedAt,
        exposedDays: provenance.exposedDays,
        presentAtHead: provenance.presentAtHead,
        headPath: provenance.headPath,
        removedBy: removedBy ? copyCommit(removedBy) : undefined,
        lastHeld: lastHeld ? copyLastHeld(lastHeld) : undefined,
        isUnreachable: provenance.isUnreachable ? true : undefined,
        refs: refs?.length ? [...refs] : undefined,
        reachableFrom: reachableFrom?.length ? [...reachableFrom] : undefined,
      };
    }
  }
}

/**
 * Maps one finding to its public JSON form, in one literal as `toJsonProvenance` does. Drops
 * `redactedLine` (file content), except in a shard report (`withLines`), which `merge` turns into a
 * text report.
 */
function toJsonFinding(finding: Finding, options: ReportOptions & { withLines?: boolean }): JsonFinding {
  const { decodedFrom, pairedWith, suppressed } = finding;
  return {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    kind: finding.kind,
    severity: finding.severity,
    confidence: finding.confidence,
    path: finding.path,
    location: { ...finding.location },
    preview: finding.preview,
    secret: options.redact ? undefined : finding.secret,
    secretHash: finding.secretHash,
    fingerprint: finding.fingerprint,
    entropy: roundEntropy(finding.entropy),
    remediation: finding.remediation,
    decodedFrom: decodedFrom ? [...decodedFrom] : undefined,
    pairedWith: pairedWith ? { ...pairedWith, location: { ...pairedWith.location } } : undefined,
    suppressed: suppressed ? { kind: suppressed.kind, reason: suppressed.reason } : undefined,
    fileState: finding.fileState,
    repository: finding.repository,
    provenance: toJsonProvenance(finding.provenance),
    line: options.withLines ? finding.redactedLine : undefined,
  };
}

/** Maps one grouped secret to its public JSON form: occurrences by place, commits copied field by field. */
function toJsonSecret(
  secret: SecretEntry,
  rulesById: ReadonlyMap<string, RuleInfo>,
  options: ReportOptions,
): JsonSecret {
  const first = secret.occurrences[0] as Finding;
  return {
    ruleId: secret.ruleId,
    ruleName: secret.ruleName,
    kind: secret.kind,
    severity: secret.severity,
    confidence: secret.confidence,
    preview: secret.preview,
    ...(options.redact ? {} : { secret: first.secret }),
    secretHash: secret.secretHash,
    state: secret.state,
    paths: [...secret.paths],
    ...(secret.repositories.length > 0 ? { repositories: [...secret.repositories] } : {}),
    headPaths: [...secret.headPaths],
    refs: [...secret.refs],
    reachableFrom: [...secret.reachableFrom],
    pushed: secret.isPushed,
    ...(secret.firstCommit ? { firstCommit: copyCommit(secret.firstCommit) } : {}),
    ...(secret.lastCommit ? { lastCommit: copyCommit(secret.lastCommit) } : {}),
    ...(secret.lastHeld ? { lastHeld: copyLastHeld(secret.lastHeld) } : {}),
    ...(secret.removedBy ? { removedBy: copyCommit(secret.removedBy) } : {}),
    ...(secret.exposedDays !== undefined ? { exposedDays: secret.exposedDays } : {}),
    occurrences: secret.occurrences.map((f) => ({
      path: f.path,
      location: { ...f.location },
      fingerprint: f.fingerprint,
      // One shape for every occurrence (as in `toJsonFinding`): absent fields are undefined.
      blobId: f.provenance.type === "git-blob" || f.provenance.type === "index" ? f.provenance.blobId : undefined,
      commitSha: f.provenance.type === "git-blob" ? f.provenance.introducedBy?.sha : undefined,
      repository: f.repository,
    })),
    remediation: secret.remediation,
    references: [...(rulesById.get(secret.ruleId)?.references ?? [])],
  };
}

/**
 * The JSON report (see `JsonReport`) as a skeleton whose `findings` and `secrets` are empty, and
 * the items `jsonPieces` writes into them, each mapped to its JSON form only when written.
 */
function buildJsonReport(result: ScanResult, options: ReportOptions): { report: JsonReport; streamed: StreamedItems } {
  const prepared = prepareReport(result);
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  const { stats } = result;
  const findings: JsonFinding[] = [];
  const secrets: JsonSecret[] = [];
  const withLines = result.shard !== undefined;
  const listed = listedFindings(prepared, options.showSuppressed || withLines);
  const streamed: StreamedItems = new Map<readonly unknown[], Iterable<unknown>>([
    [findings, mapped(listed, (finding) => toJsonFinding(finding, { ...options, withLines }))],
    [secrets, mapped(groupSecrets(prepared.findings), (secret) => toJsonSecret(secret, rulesById, options))],
  ]);
  const report: JsonReport = {
    $schema: JSON_REPORT_SCHEMA_ID,
    version: JSON_REPORT_VERSION,
    tool: { name: result.tool.name, version: result.tool.version },
    summary: {
      findings: prepared.findings.length,
      bySeverity: countBySeverity(prepared.findings),
      files: stats.files,
      bytes: stats.bytes,
      blobs: stats.blobs,
      rules: stats.rules,
      durationMs: Math.max(0, Math.round(stats.durationMs)),
      suppressed: prepared.suppressed.length,
    },
    findings,
    secrets,
    diagnostics: prepared.diagnostics.map(({ path, reason, level, message }) => ({ path, reason, level, message })),
    hints: prepared.hints.map(({ code, message }) => ({ code, message })),
    ...(result.shard ? { shard: jsonShard(result, result.shard) } : {}),
  };
  return { report, streamed };
}

/** The shard section: the shard's place and run identity, and the run facts JSON does not otherwise carry. */
function jsonShard(result: ScanResult, shard: ShardInfo): JsonShard {
  return {
    index: shard.index,
    count: shard.count,
    command: shard.command,
    settingsHash: shard.settingsHash,
    rulesHash: shard.rulesHash,
    ...(shard.paths ? { paths: [...shard.paths] } : {}),
    root: result.root,
    rules: result.rules.map((rule) => ({ ...rule, references: [...rule.references] })),
    ...(result.versionControl ? { versionControl: { ...result.versionControl } } : {}),
  };
}

/**
 * Renders the JSON report: pretty-printed with 2 spaces and a trailing newline. Findings carry the
 * redacted preview; the full secret only when `options.redact` is false; never file content.
 */
export function renderJson(result: ScanResult, options: ReportOptions): string {
  const { report, streamed } = buildJsonReport(result, options);
  return jsonText(report, streamed);
}

/** `renderJson` a piece at a time, each finding and secret made as it is written (see `jsonPieces`). */
export function renderJsonPieces(result: ScanResult, options: ReportOptions): Iterable<string> {
  const { report, streamed } = buildJsonReport(result, options);
  return jsonPieces(report, streamed);
}
