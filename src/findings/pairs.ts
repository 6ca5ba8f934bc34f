import type { Finding } from "./types.js";

/** How an identifier rule pairs with its secret: which rules' findings, and how many lines apart at most. */
export interface PairSpec {
  rules: readonly string[];
  maxLines: number;
}

/**
 * "API keys identify, secrets authorise": an identifier found within `maxLines` of a matching secret
 * in the same input is merged into that secret's finding, which becomes critical and names the
 * identifier in `pairedWith`. An identifier with no secret nearby is reported on its own, at its
 * rule's (low) severity.
 */
export function pairFindings(findings: readonly Finding[], pairSpecs: ReadonlyMap<string, PairSpec>): Finding[] {
  if (pairSpecs.size === 0) return [...findings];
  const merged = new Map<Finding, Finding>();
  const consumed = new Set<Finding>();
  for (const identifier of findings) {
    const spec = pairSpecs.get(identifier.ruleId);
    if (!spec) continue;
    const secret = nearestPartner(findings, identifier, spec, merged);
    if (!secret) continue;
    consumed.add(identifier);
    merged.set(secret, {
      ...(merged.get(secret) ?? secret),
      severity: "critical",
      pairedWith: {
        ruleId: identifier.ruleId,
        preview: identifier.preview,
        secretHash: identifier.secretHash,
        location: { ...identifier.location },
      },
    });
  }
  return findings.filter((finding) => !consumed.has(finding)).map((finding) => merged.get(finding) ?? finding);
}

function nearestPartner(
  findings: readonly Finding[],
  identifier: Finding,
  spec: PairSpec,
  merged: Map<Finding, Finding>,
): Finding | undefined {
  let best: Finding | undefined;
  let bestDistance = Infinity;
  for (const candidate of findings) {
    if (!spec.rules.includes(candidate.ruleId) || merged.get(candidate)?.pairedWith) continue;
    if (candidate.path !== identifier.path || blobOf(candidate) !== blobOf(identifier)) continue;
    const distance = Math.abs(candidate.location.startLine - identifier.location.startLine);
    if (distance <= spec.maxLines && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function blobOf(finding: Finding): string {
  const provenance = finding.provenance;
  return provenance.type === "git-blob" || provenance.type === "index" ? provenance.blobId : "";
}
