import { createHash } from "node:crypto";
import type { RawFinding } from "../detect/scanChunk.js";
import type { Provenance } from "../text/chunk.js";
import { redactLine, redactSecret, type LineSpan } from "./redact.js";
import { BoundedMemo } from "../util/boundedMemo.js";
import { secretHashOf } from "./secretHash.js";
import type { Finding } from "./types.js";

/** Default advice, in the spirit of "keys belong in the environment or a secret manager; rotate leaks". */
export const DEFAULT_REMEDIATION =
  "Remove it from the code, load it from an environment variable or a secret manager, and rotate it: anyone who could read this file may have copied it.";

/** SHA-256 hex digest of a string: for paths and keys, never for a secret that is reported. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The line-independent fingerprint: rule id, secret hash and path. Same secret moved within a file keeps it. */
export function fingerprintOf(ruleId: string, secretHash: string, path: string): string {
  return fingerprints.get(`${ruleId}\0${secretHash}\0${path}`, (input) => sha256(input).slice(0, 32));
}

/**
 * Fingerprints computed so far, by their input: a history audit builds one finding per blob that
 * holds a secret, and one key kept in 38k versions of a few hundred files had 38k SHA-256s
 * (0.4 s) for 212 distinct fingerprints.
 */
const fingerprints = new BoundedMemo<string, string>(65_536);

/**
 * The fingerprints a finding had when report paths were relative to the folder scanned rather than
 * to the repository root: one per shorter suffix of its path (`deep/a.py`, `a.py` for
 * `sub/deep/a.py`). Ignore-file entries written then keep matching.
 */
export function folderRelativeFingerprints(finding: Pick<Finding, "ruleId" | "secretHash" | "path">): string[] {
  const parts = finding.path.split("/");
  return parts
    .slice(1)
    .map((_, index) => fingerprintOf(finding.ruleId, finding.secretHash, parts.slice(index + 1).join("/")));
}

/**
 * The secret hash reports carried before it was slow: a plain SHA-256 of the secret. Computed only
 * to match what was written then (v1 baselines, the fingerprints below), never printed.
 */
export function legacySecretHash(finding: Pick<Finding, "secret">): string {
  return sha256(finding.secret);
}

/**
 * The fingerprint a finding had when it derived from `legacySecretHash`, then its folder-relative
 * forms: ignore-file lines and baselines written before keep matching. Never printed.
 */
export function legacyFingerprints(finding: Pick<Finding, "ruleId" | "secret" | "path">): string[] {
  const legacy = { ...finding, secretHash: legacySecretHash(finding) };
  return [fingerprintOf(finding.ruleId, legacy.secretHash, finding.path), ...folderRelativeFingerprints(legacy)];
}

/** A chunk's matches grouped by the line they start on. */
export function matchesByLine(raws: readonly RawFinding[]): Map<number, RawFinding[]> {
  const byLine = new Map<number, RawFinding[]>();
  for (const raw of raws) {
    const group = byLine.get(raw.startLine);
    if (group) group.push(raw);
    else byLine.set(raw.startLine, [raw]);
  }
  return byLine;
}

/** Where a detector match sits in its line, for redaction. */
function lineSpan(raw: RawFinding): LineSpan {
  return { offset: raw.lineOffset, length: raw.spanLength, secret: raw.secret };
}

/**
 * Turns a detector match into a reportable finding. `sameLine` are the matches that start on the
 * same line (see `matchesByLine`): their secrets are redacted from this finding's line too.
 */
export function buildFinding(raw: RawFinding, provenance: Provenance, sameLine: readonly RawFinding[] = []): Finding {
  const others = sameLine.filter((other) => other !== raw && other.lineText === raw.lineText).map(lineSpan);
  const syntax = raw.rule.syntax;
  const secretHash = secretHashOf(raw.secret, raw.rule.syntax.kind);
  return {
    ruleId: syntax.id,
    ruleName: syntax.name,
    kind: syntax.kind,
    severity: syntax.severity,
    confidence: raw.rule.confidence,
    path: provenance.path,
    location: {
      startLine: raw.startLine,
      startColumn: raw.startColumn,
      endLine: raw.endLine,
      endColumn: raw.endColumn,
    },
    secret: raw.secret,
    preview: redactSecret(raw.secret),
    secretHash,
    fingerprint: fingerprintOf(syntax.id, secretHash, provenance.path),
    entropy: raw.entropy,
    remediation: syntax.remediation ?? DEFAULT_REMEDIATION,
    provenance,
    redactedLine: redactLine(raw.lineText, lineSpan(raw), others),
    ...(raw.decodedFrom ? { decodedFrom: raw.decodedFrom } : {}),
  };
}
