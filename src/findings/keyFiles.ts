import type { Finding } from "./types.js";

/**
 * A file that a file rule reports and whose only content findings are private keys (an `id_rsa`,
 * a `server.key`, a test `key.pem`) holds one secret, not two: the key is why the file is
 * sensitive. The file finding stands for both, because it carries what the user acts on (git's
 * state of the file, the `.gitignore` line, `--fix-gitignore`) and the rule's key remediation; the
 * key's content findings are dropped. A file that holds anything besides keys (a `.env` with a key
 * and a token) keeps every finding, so no other secret is hidden behind the file. Pure.
 */
export function mergeKeyFileFindings(findings: readonly Finding[]): Finding[] {
  const byInput = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = inputOf(finding);
    const group = byInput.get(key);
    if (group) group.push(finding);
    else byInput.set(key, [finding]);
  }
  const merged = new Set<string>();
  for (const [key, group] of byInput) if (isKeyFile(group)) merged.add(key);
  if (merged.size === 0) return [...findings];
  return findings.filter((finding) => finding.kind === "config-file" || !merged.has(inputOf(finding)));
}

function isKeyFile(group: readonly Finding[]): boolean {
  const content = group.filter((finding) => finding.kind !== "config-file");
  return (
    content.length > 0 && content.length < group.length && content.every((finding) => finding.kind === "private-key")
  );
}

/** The file content a finding is in: its path, and its blob for git inputs (history sees many versions of a path). */
function inputOf(finding: Finding): string {
  const blob =
    finding.provenance.type === "git-blob" || finding.provenance.type === "index" ? finding.provenance.blobId : "";
  return `${finding.path}\u0000${blob}`;
}
