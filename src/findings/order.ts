import { compareText } from "../util/compareText.js";
import type { Provenance } from "../text/chunk.js";
import type { Finding } from "./types.js";

/** A key that tells apart the same path seen in different git blobs or commits. */
function provenanceKey(provenance: Provenance): string {
  switch (provenance.type) {
    case "git-blob":
      return `git-blob:${provenance.blobId}:${provenance.introducedBy?.sha ?? ""}`;
    case "index":
      return `index:${provenance.blobId}`;
    default:
      return provenance.type;
  }
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
    compareText(provenanceKey(a.provenance), provenanceKey(b.provenance))
  );
}
