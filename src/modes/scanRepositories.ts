import { resolve } from "node:path";
import type { ScanResult } from "../findings/types.js";
import { repositoryFacts } from "../git/repoFacts.js";
import { UserError } from "../problems.js";
import { combineRepositories } from "./combine.js";
import { scanHistory, type HistoryScanOptions } from "./scanHistory.js";

/**
 * Audits the history of several repositories (an organisation-wide audit) one after another and
 * combines them into one result whose findings name their repository as given in `repos`. Every
 * path must be a repository, and each named once: checked before anything is scanned.
 */
export async function scanRepositories(repos: readonly string[], options: HistoryScanOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const roots = new Map<string, string>();
  for (const repo of repos) {
    const { root } = await repositoryFacts(resolve(cwd, repo));
    const earlier = roots.get(root);
    if (earlier !== undefined) throw new UserError(`${repo}: the same repository as ${earlier}; name each once`);
    roots.set(root, repo);
  }
  const results: ScanResult[] = [];
  for (const repo of repos) results.push(await scanHistory({ ...options, repo }));
  return combineRepositories(
    results,
    repos.map((repo) => repo.replace(/(.)\/+$/, "$1")),
    cwd,
  );
}
