import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ListedRef } from "./refTips.js";

/**
 * What a repository has set up to rewrite its own history as git shows it: replace refs
 * (`refs/replace/*`) and a grafts file. Every git child runs with both turned off (see
 * `hardening.ts`), so the walk sees the real commits; these are counted so the report can say
 * that something tried to hide them instead of ignoring it silently.
 */
export interface HistoryRewrites {
  replaceRefs: number;
  hasGrafts: boolean;
}

/**
 * Counts the replace refs among a repository's listed refs and checks for a non-empty grafts file
 * in its `info` directory (`RepositoryFacts.infoDir`; not `--git-path info/grafts`, which answers
 * GIT_GRAFT_FILE, and hardening points that at /dev/null).
 */
export async function findHistoryRewrites(refs: readonly ListedRef[], infoDir: string): Promise<HistoryRewrites> {
  const replaceRefs = refs.filter((listed) => listed.ref.startsWith("refs/replace/")).length;
  const grafts = await stat(join(infoDir, "grafts")).catch(() => undefined);
  return { replaceRefs, hasGrafts: grafts !== undefined && grafts.size > 0 };
}
