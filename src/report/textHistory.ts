import type { Finding } from "../findings/types.js";
import type { CommitInfo } from "../text/chunk.js";
import { paintSeverity, plural, printable, type Palette } from "./textFormat.js";

/** One secret seen in git history, over all the places and commits it appeared in. */
interface ExposedSecret {
  finding: Finding;
  exposedDays: number;
  isLive: boolean;
  introductions: number;
  firstCommit: CommitInfo | undefined;
  removedBy: CommitInfo | undefined;
  path: string;
}

/** Groups git-history findings by secret: longest exposure, whether HEAD still has it, first commit. */
function exposedSecrets(findings: readonly Finding[]): ExposedSecret[] {
  const bySecret = new Map<string, ExposedSecret>();
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob" || !provenance.introducedBy) continue;
    const days = provenance.exposedDays ?? 0;
    const seen = bySecret.get(finding.secretHash);
    if (!seen) {
      bySecret.set(finding.secretHash, {
        finding,
        exposedDays: days,
        isLive: provenance.presentAtHead === true,
        introductions: 1,
        firstCommit: provenance.introducedBy,
        removedBy: provenance.removedBy,
        path: provenance.headPath ?? provenance.path,
      });
      continue;
    }
    seen.introductions += 1;
    seen.isLive ||= provenance.presentAtHead === true;
    if (days > seen.exposedDays) Object.assign(seen, { exposedDays: days, firstCommit: provenance.introducedBy, path: provenance.headPath ?? provenance.path });
  }
  return [...bySecret.values()].sort(
    (a, b) => Number(b.isLive) - Number(a.isLive) || b.exposedDays - a.exposedDays || (a.finding.secretHash < b.finding.secretHash ? -1 : 1),
  );
}

function secretLine(palette: Palette, secret: ExposedSecret): string {
  const state = secret.isLive ? palette.red("AT HEAD ") : palette.yellow("REMOVED ");
  const days = `${plural(secret.exposedDays, "day")}`.padStart(10);
  const rule = `${printable(secret.finding.ruleName)} (${printable(secret.finding.ruleId)})`;
  const severity = paintSeverity(palette, secret.finding.severity, secret.finding.severity);
  const commit = secret.firstCommit ? ` — first committed in ${secret.firstCommit.sha.slice(0, 12)} by ${printable(secret.firstCommit.authorName)} on ${secret.firstCommit.date.slice(0, 10)}` : "";
  const removed = !secret.isLive && secret.removedBy ? `, removed in ${secret.removedBy.sha.slice(0, 12)}` : "";
  const more = secret.introductions > 1 ? ` (+${secret.introductions - 1} more place${secret.introductions > 2 ? "s" : ""})` : "";
  return `  ${state} ${days}  ${severity} ${rule} ${printable(secret.finding.preview)} in ${printable(secret.path)}${more}${commit}${removed}`;
}

/**
 * The section that opens a history report: every distinct secret found in git history, live ones
 * (still at HEAD) first, longest exposed first, with the instruction to rotate — deleting a secret
 * from HEAD leaves it readable in every clone's history. Empty when no finding came from git history.
 */
export function historySection(palette: Palette, findings: readonly Finding[]): string[] {
  const secrets = exposedSecrets(findings);
  if (secrets.length === 0) return [];
  const live = secrets.filter((secret) => secret.isLive).length;
  return [
    palette.bold(`Secrets in git history: ${plural(secrets.length, "secret")}, ${live} still at HEAD — rotate all of them`),
    "  A secret removed from HEAD is still in history: anyone with a clone or fork can read it. Revoke or rotate each one",
    "  first, then remove it from the code; rewriting history is optional and does not un-leak it.",
    ...secrets.map((secret) => secretLine(palette, secret)),
  ];
}
