import type { RawFileFinding } from "../detect/fileRules.js";
import type { Provenance } from "../text/chunk.js";
import { fingerprintOf, sha256 } from "./build.js";
import type { FileState, Finding } from "./types.js";

/** What a driver knows about a reported file beyond the match: git's view of it and its .gitignore line. */
export interface FileFacts {
  state: FileState;
  /** The anchored .gitignore line for the file (see `gitignoreLine`); absent outside a repository. */
  gitignoreLine?: string;
  /** History: the commit that first added the file, short sha, for the advice text. */
  commit?: string;
}

/**
 * The .gitignore line that ignores exactly this file: anchored at the repository root (leading `/`),
 * with glob characters, a leading `#` or `!` and trailing spaces escaped as gitignore(5) requires.
 * A line break cannot be written in a pattern, so each becomes `?` (any one character): the line
 * still covers the file and cannot inject a second line.
 * `repoPath` is relative to the top of the work tree, `/`-separated.
 */
export function gitignoreLine(repoPath: string): string {
  const escaped = repoPath
    .replace(/[\\*?[]/g, (char) => `\\${char}`)
    .replace(/^[#!]/, (char) => `\\${char}`)
    .replace(/[\r\n]/g, "?");
  return `/${escaped.replace(/ +$/, (spaces) => spaces.replace(/ /g, "\\ "))}`;
}

/**
 * The advice for a config-file finding in a given state: ignore the file, take it out of the index
 * when git tracks it (`git rm --cached`, which keeps the file on disk), keep the values in
 * environment variables or a secret manager, and rotate whatever was ever committed. The rule's own
 * remediation follows.
 */
function fileRemediation(path: string, facts: FileFacts, ruleRemediation: string | undefined): string {
  const ignore = facts.gitignoreLine ? `add \`${facts.gitignoreLine}\` to .gitignore` : "add it to .gitignore";
  const store = "keep the values in environment variables or a secret manager instead";
  const rotate = "rotate every secret it holds: anyone with a clone has them";
  const advice: Record<FileState, string> = {
    tracked: `This file is committed. Stop tracking it without deleting it (\`git rm --cached -- ${path}\`), ${ignore}, ${store}, and ${rotate}.`,
    untracked: `This file is not ignored: one \`git add .\` away from being committed. ${capitalise(ignore)} and ${store}.`,
    staged: `This file is staged for commit. Unstage it (\`git rm --cached -- ${path}\`), ${ignore} and ${store}; if it was ever pushed, ${rotate}.`,
    committed: `This file was committed${facts.commit ? ` (first in ${facts.commit})` : ""}; deleting it later does not remove it from history. ${capitalise(rotate)}, ${ignore} if it still exists, and ${store}.`,
    "outside-repository": `This directory is not a git work tree. If it ever becomes one (or is copied into one), ${ignore} first; ${store}.`,
  };
  const own = ruleRemediation?.trim();
  return own ? `${advice[facts.state]} ${own}` : advice[facts.state];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Turns a raw file finding into a Finding about the file: location line 1, column 1 to the end of
 * the first line (at least column 2, so the region is never empty); the "secret" hashed for the
 * secret hash and fingerprint is the path, so the fingerprint survives edits to the file; the
 * preview is the file's base name; nothing from the file's content is carried.
 */
export function buildFileFinding(raw: RawFileFinding, provenance: Provenance, facts: FileFacts): Finding {
  const syntax = raw.rule.syntax;
  const path = provenance.path;
  const secretHash = sha256(path);
  const preview = path.slice(path.lastIndexOf("/") + 1);
  return {
    ruleId: syntax.id,
    ruleName: syntax.name,
    kind: "config-file",
    severity: syntax.severity,
    confidence: raw.rule.confidence,
    path,
    location: { startLine: 1, startColumn: 1, endLine: 1, endColumn: Math.max(2, raw.firstLineLength + 1) },
    secret: path,
    preview,
    secretHash,
    fingerprint: fingerprintOf(syntax.id, secretHash, path),
    entropy: 0,
    remediation: fileRemediation(path, facts, syntax.remediation),
    provenance,
    redactedLine: preview,
    fileState: facts.state,
  };
}
