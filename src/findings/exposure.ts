import { exposedDaysSince } from "../sources/historyProvenance.js";
import type { Finding } from "./types.js";

/**
 * The pipeline's exposure step for history: sets `presentAtHead` (HEAD holds a blob with the same
 * secret) and `exposedDays` on every git finding. `headTree` maps HEAD's paths to blob ids.
 */
export function markExposure(findings: readonly Finding[], headTree: ReadonlyMap<string, string>, now: Date): void {
  const headBlobIds = new Set(headTree.values());
  const liveSecrets = new Set(
    findings
      .filter((f) => f.provenance.type === "git-blob" && headBlobIds.has(f.provenance.blobId))
      .map((f) => f.secretHash),
  );
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob") continue;
    provenance.presentAtHead = liveSecrets.has(finding.secretHash);
    if (provenance.firstCommittedAt) provenance.exposedDays = exposedDaysSince(provenance.firstCommittedAt, now);
  }
}
