import type { Finding } from "../findings/types.js";
import type { Diagnostic } from "../sources/types.js";
import type { Provenance } from "../text/chunk.js";
import type { ReportOptions } from "./options.js";
import { clampLocation, roundEntropy } from "./prepare.js";
import { sarifLevel } from "./sarifRules.js";
import type { SarifLocation, SarifNotification, SarifResult } from "./sarifTypes.js";
import { placeOf } from "./place.js";
import { encodeRelativeUri } from "./uri.js";

/** The `uriBaseId` every location is relative to; `originalUriBaseIds` maps it to the scan root. */
export const SRCROOT = "%SRCROOT%";

/** The key of our entry in `partialFingerprints`; bump the suffix if the fingerprint recipe changes. */
const FINGERPRINT_KEY = "secretscan/v2";

/** A SARIF location for a path under the scan root, with a region when one is given. */
function fileLocation(path: string, finding?: Finding): SarifLocation {
  const artifactLocation = { uri: encodeRelativeUri(path), uriBaseId: SRCROOT };
  if (!finding) return { physicalLocation: { artifactLocation } };
  // Locations were clamped to valid values by prepareReport.
  return { physicalLocation: { artifactLocation, region: { ...finding.location } } };
}

/** Where the identifier paired with a secret is: the same file, its own line; redacted like the secret. */
function pairedLocation(finding: Finding): SarifLocation {
  const paired = finding.pairedWith as NonNullable<Finding["pairedWith"]>;
  const artifactLocation = { uri: encodeRelativeUri(placeOf(finding)), uriBaseId: SRCROOT };
  return {
    id: 1,
    physicalLocation: { artifactLocation, region: clampLocation(paired.location) },
    message: { text: `The paired identifier (${paired.ruleId}) ${paired.preview}: revoke the credential it names.` },
  };
}

/** Provenance facts for `result.properties`: where in git the secret lives, when it is in git. */
function provenanceProperties(provenance: Provenance): Record<string, string | number | boolean> {
  switch (provenance.type) {
    case "git-blob": {
      const commit = provenance.introducedBy;
      const facts: Record<string, string | number | boolean> = { provenance: "git-blob", blobId: provenance.blobId };
      if (commit) {
        facts.commitSha = commit.sha;
        facts.author = `${commit.authorName} <${commit.authorEmail}>`;
        facts.date = commit.date;
      }
      return { ...facts, ...historyProperties(provenance) };
    }
    case "index":
      return { provenance: "index", blobId: provenance.blobId };
    default:
      return { provenance: provenance.type };
  }
}

/** History facts of a git-blob finding (exposure, HEAD, removal, last commit holding it), only those that are set. */
function historyProperties(
  provenance: Extract<Provenance, { type: "git-blob" }>,
): Record<string, string | number | boolean> {
  const facts: Record<string, string | number | boolean> = {};
  if (provenance.firstCommittedAt !== undefined) facts.firstCommittedAt = provenance.firstCommittedAt;
  if (provenance.exposedDays !== undefined) facts.exposedDays = provenance.exposedDays;
  if (provenance.presentAtHead !== undefined) facts.presentAtHead = provenance.presentAtHead;
  if (provenance.headPath !== undefined) facts.headPath = provenance.headPath;
  if (provenance.removedBy !== undefined) facts.removedBySha = provenance.removedBy.sha;
  if (provenance.lastHeld !== undefined) {
    facts.lastHeldSha = provenance.lastHeld.sha;
    facts.lastHeldDate = provenance.lastHeld.date;
  }
  if (provenance.isUnreachable) facts.unreachable = true;
  return facts;
}

/**
 * The result message: what was found, the redacted preview (the full secret only when redaction
 * is off) and what to do. Never the line the secret is on.
 */
function resultMessage(finding: Finding, options: ReportOptions): string {
  const shown = options.redact ? finding.preview : finding.secret;
  const found = `Found ${finding.ruleName} (${finding.kind}, ${finding.severity}): "${shown}".`;
  const remediation = finding.remediation.trim();
  return remediation === "" ? found : `${found} ${remediation}`;
}

/** One SARIF result for one finding; `ruleIndex` points into `tool.driver.rules`. */
export function toSarifResult(finding: Finding, ruleIndex: number, options: ReportOptions): SarifResult {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: resultMessage(finding, options) },
    locations: [fileLocation(placeOf(finding), finding)],
    ...(finding.pairedWith ? { relatedLocations: [pairedLocation(finding)] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      kind: finding.kind,
      severity: finding.severity,
      confidence: finding.confidence,
      ...(finding.decodedFrom ? { decodedFrom: finding.decodedFrom.join(">") } : {}),
      ...(finding.pairedWith
        ? { pairedWithRuleId: finding.pairedWith.ruleId, pairedWithLine: finding.pairedWith.location.startLine }
        : {}),
      secretHash: finding.secretHash,
      entropy: roundEntropy(finding.entropy),
      ...(finding.fileState ? { fileState: finding.fileState } : {}),
      ...(finding.repository !== undefined ? { repository: finding.repository, path: finding.path } : {}),
      ...provenanceProperties(finding.provenance),
    },
    ...(finding.suppressed
      ? { suppressions: [{ kind: finding.suppressed.kind, justification: finding.suppressed.reason }] }
      : {}),
  };
}

/** A tool execution notification for an input that was skipped or only partly scanned. */
export function toExecutionNotification(diagnostic: Diagnostic): SarifNotification {
  return {
    level: diagnostic.level,
    message: { text: `${diagnostic.path}: ${diagnostic.reason}: ${diagnostic.message}` },
    locations: [fileLocation(diagnostic.path)],
    properties: { reason: diagnostic.reason },
  };
}
