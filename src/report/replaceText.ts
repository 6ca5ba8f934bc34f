import type { SecretEntry } from "../findings/secrets.js";
import type { Finding } from "../findings/types.js";

/** What a replace-text file holds, and the secrets it could not express. */
export interface ReplaceTextFile {
  /** One `literal:SECRET==>***REMOVED-BY-SECRETSCAN:rule***` line per distinct one-line secret. */
  text: string;
  /** Distinct secrets written. */
  written: number;
  /** Paths of multi-line secrets (private keys), which a line expression cannot replace. */
  multiLinePaths: string[];
}

/**
 * The expressions file `git filter-repo --replace-text FILE` reads to purge secrets from history:
 * every distinct secret of `findings` (those whose fingerprint is in `fingerprints`, when given),
 * each replaced by a marker naming its rule. This is the one output that holds raw secrets, by
 * design: the CLI writes it only to a new file, readable by its owner alone, when asked for.
 */
export function renderReplaceText(findings: readonly Finding[], fingerprints?: ReadonlySet<string>): ReplaceTextFile {
  const chosen = fingerprints ? findings.filter((f) => fingerprints.has(f.fingerprint)) : findings;
  const lines = new Map<string, string>();
  const multiLine = new Set<string>();
  for (const finding of chosen) {
    if (finding.kind === "config-file") continue;
    if (/[\r\n]/.test(finding.secret)) multiLine.add(finding.path);
    else lines.set(finding.secret, `literal:${finding.secret}==>***REMOVED-BY-SECRETSCAN:${finding.ruleId}***`);
  }
  const text = [...lines.values()].sort().join("\n");
  return { text: text ? `${text}\n` : "", written: lines.size, multiLinePaths: [...multiLine].sort() };
}

/**
 * How to purge one secret from history, built from its fingerprint, never from the secret: the
 * command that writes its expression, then filter-repo's; a multi-line secret (a private key) is
 * purged by removing its file instead.
 */
export function purgeCommand(secret: SecretEntry): string {
  const first = secret.occurrences[0];
  if (!first) return "";
  if (/[\r\n]/.test(first.secret)) return `git filter-repo --invert-paths --path ${first.path}`;
  return `secretscan history --replace-text purge.txt --fingerprint ${first.fingerprint} && git filter-repo --replace-text purge.txt`;
}
