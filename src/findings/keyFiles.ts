import type { Finding } from "./types.js";

/**
 * A file that a file rule reports and whose only content findings are private keys (an `id_rsa`,
 * a `server.key`, a test `key.pem`) holds one secret, not two: the key is why the file is
 * sensitive. The key's finding stands for both, since it names the key (type, line, hash for
 * baselines and for copies elsewhere); it takes over the file finding's git state and advice
 * (`git rm --cached`, the `.gitignore` line), and the file finding is dropped. A file that holds
 * anything besides keys (a `.env` with a key and a token) keeps every finding. Pure.
 */
export function mergeKeyFileFindings(findings: readonly Finding[]): Finding[] {
  const byInput = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = inputOf(finding);
    const group = byInput.get(key);
    if (group) group.push(finding);
    else byInput.set(key, [finding]);
  }
  const fileFindings = new Map<string, Finding>();
  for (const [key, group] of byInput) {
    const file = keyFileFinding(group);
    if (file) fileFindings.set(key, file);
  }
  if (fileFindings.size === 0) return [...findings];
  return findings.flatMap((finding) => {
    const file = fileFindings.get(inputOf(finding));
    if (!file) return [finding];
    if (finding.kind === "config-file") return [];
    return [{ ...finding, remediation: file.remediation, ...(file.fileState ? { fileState: file.fileState } : {}) }];
  });
}

/** The group's file finding when every other finding of the group is a private key, else undefined. */
function keyFileFinding(group: readonly Finding[]): Finding | undefined {
  const file = group.find((finding) => finding.kind === "config-file");
  const content = group.filter((finding) => finding.kind !== "config-file");
  if (!file || content.length === 0 || !content.every((finding) => finding.kind === "private-key")) return undefined;
  return file;
}

/** The file content a finding is in: its path, and its blob for git inputs (history sees many versions of a path). */
function inputOf(finding: Finding): string {
  const blob =
    finding.provenance.type === "git-blob" || finding.provenance.type === "index" ? finding.provenance.blobId : "";
  return `${finding.path}\u0000${blob}`;
}
