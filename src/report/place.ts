import type { SecretEntry } from "../findings/secrets.js";
import type { Finding } from "../findings/types.js";

/**
 * Where a reader finds a finding: its path, under its repository's name when one run audited
 * several repositories (`history repoA repoB`). The repository is named as on the command line,
 * so the result is also the file's path from where the audit ran.
 */
export function placeOf(finding: Pick<Finding, "path" | "repository">): string {
  return finding.repository === undefined ? finding.path : `${finding.repository}/${finding.path}`;
}

/**
 * Where a reader finds a secret: HEAD's path when HEAD holds it, else its first path; under the
 * repository of an occurrence there when one run audited several.
 */
export function whereOf(secret: SecretEntry): string {
  const path = secret.headPaths[0] ?? secret.paths[0] ?? "";
  if (secret.repositories.length === 0) return path;
  const isThere = (f: Finding) =>
    (f.provenance.type === "git-blob" && f.provenance.headPath === path) || f.path === path;
  const repository = secret.occurrences.find(isThere)?.repository;
  return repository === undefined ? path : placeOf({ path, repository });
}
