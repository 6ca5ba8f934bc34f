import { compareText } from "../util/compareText.js";
import type { Provenance } from "../text/chunk.js";
import type { Finding } from "./types.js";

/**
 * Tells apart the same path seen in different git blobs or commits: by type, then blob id, then
 * introducing commit. Compared field by field, not as a joined key: a history where one line of
 * one file holds the same secret in thousands of versions (jekyll's generated pages) compares
 * most pairs this far, and built two strings per comparison.
 */
function compareProvenance(a: Provenance, b: Provenance): number {
  if (a.type !== b.type) return compareText(a.type, b.type);
  if (a.type === "git-blob" && b.type === "git-blob")
    return compareText(a.blobId, b.blobId) || compareText(a.introducedBy?.sha ?? "", b.introducedBy?.sha ?? "");
  if (a.type === "index" && b.type === "index") return compareText(a.blobId, b.blobId);
  return 0;
}

/**
 * The one order of findings, used by the pipeline and by every report: path, line, column and
 * rule id (repository first, for a several-repository audit), then enough further fields to be total, so equal inputs give byte-equal reports
 * whatever order the engine (or a merge of shards) produced them in.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.repository ?? "", b.repository ?? "") ||
    compareText(a.path, b.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    a.location.endLine - b.location.endLine ||
    a.location.endColumn - b.location.endColumn ||
    compareText(a.fingerprint, b.fingerprint) ||
    compareText(a.secretHash, b.secretHash) ||
    compareProvenance(a.provenance, b.provenance)
  );
}
