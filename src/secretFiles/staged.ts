import { matchFileRules, needsContent, needsHead, selectingRules } from "../detect/fileRules.js";
import { KEYSTORE_HEAD_BYTES } from "../detect/keystore.js";
import { buildFileFinding, gitignoreLine } from "../findings/fileFinding.js";
import type { Finding } from "../findings/types.js";
import type { CompiledAllow, CompiledFileRule } from "../rules/types.js";
import { isNoBlob, SUBMODULE_MODE } from "../git/rawDiff.js";
import type { StagedFile } from "../sources/stagedDiff.js";
import { blobHeads, blobTexts } from "./common.js";

/**
 * The file pass of `secretscan staged`: every file the staged change adds, copies, modifies or
 * renames, judged by the file rules on its path and, for rules with a content condition, on its
 * STAGED content (read from the index by blob id). Each finding has state `staged`, so a staged
 * `.env` blocks the commit. Paths are relative to the top of the work tree `root`.
 */
export async function stagedFileFindings(
  root: string,
  files: readonly StagedFile[],
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow,
  maxFileSize: number,
): Promise<Finding[]> {
  if (rules.length === 0) return [];
  const candidates = files
    .filter((file) => file.mode !== SUBMODULE_MODE && !isNoBlob(file.blobId))
    .map((file) => ({ file, selecting: selectingRules(rules, file.path, allow) }))
    .filter((candidate) => candidate.selecting.length > 0);
  const texts = await blobTexts(
    root,
    candidates.filter((c) => needsContent(c.selecting)).map((c) => c.file.blobId),
    maxFileSize,
  );
  const heads = await blobHeads(
    root,
    candidates.filter((c) => needsHead(c.selecting)).map((c) => c.file.blobId),
    maxFileSize,
    KEYSTORE_HEAD_BYTES,
  );
  const findings: Finding[] = [];
  for (const { file, selecting } of candidates) {
    const raw = matchFileRules(
      selecting,
      { path: file.path, content: texts.get(file.blobId), head: heads.get(file.blobId) },
      allow,
    );
    if (!raw) continue;
    findings.push(
      buildFileFinding(
        raw,
        { type: "index", path: file.path, blobId: file.blobId },
        { state: "staged", gitignoreLine: gitignoreLine(file.path) },
      ),
    );
  }
  return findings;
}
