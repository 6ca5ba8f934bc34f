import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { git } from "./exec.js";

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

/** Counts the replace refs and checks for a non-empty grafts file of the repository at `root`. */
export async function findHistoryRewrites(root: string): Promise<HistoryRewrites> {
  const [refs, infoDir] = await Promise.all([
    git(root, ["for-each-ref", "--format=%(refname)", "refs/replace/"]).catch(() => ({ stdout: "" })),
    // Not `--git-path info/grafts`: that answers GIT_GRAFT_FILE, which hardening points at /dev/null.
    git(root, ["rev-parse", "--git-path", "info"]).catch(() => ({ stdout: "" })),
  ]);
  const replaceRefs = refs.stdout.split("\n").filter((line) => line.trim() !== "").length;
  const info = infoDir.stdout.trim();
  const grafts = info === "" ? undefined : await stat(resolve(root, info, "grafts")).catch(() => undefined);
  return { replaceRefs, hasGrafts: grafts !== undefined && grafts.size > 0 };
}
