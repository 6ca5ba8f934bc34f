import { scanChunk } from "../detect/scanChunk.js";
import type { RuleSet } from "../detect/ruleSet.js";
import { copyCommit, type CommitInfo } from "../text/chunk.js";
import { redactSpans } from "./redact.js";
import type { Finding } from "./types.js";

/** Detection on a few hundred characters of commit metadata: no decoding, a short budget. */
const METADATA_DETECT = { maxDecodeDepth: 0, timeoutMs: 1_000 };

/** `text` with whatever the rules find in it replaced by previews, as report lines are. */
function redactText(ruleSet: RuleSet, text: string): string {
  if (text === "") return text;
  const found = scanChunk(
    ruleSet,
    { text, provenance: { type: "stdin", path: "commit" }, startLine: 1 },
    METADATA_DETECT,
  );
  return redactSpans(
    text,
    found.map((raw) => ({ offset: raw.lineOffset, length: raw.spanLength, secret: raw.secret })),
  ).replaced;
}

/**
 * Redacts the commit metadata (author name and email, subject) of every history finding through
 * the detector: a token pasted into a commit subject or set as an author name would otherwise be
 * copied verbatim into every report. Each commit is redacted once; provenances share the copy.
 */
export function redactCommitMetadata(findings: readonly Finding[], ruleSet: RuleSet): void {
  const redacted = new Map<string, CommitInfo>();
  const redact = (commit: CommitInfo): CommitInfo => {
    let copy = redacted.get(commit.sha);
    if (!copy) {
      const [authorName, authorEmail, subject] = [commit.authorName, commit.authorEmail, commit.subject].map((field) =>
        redactText(ruleSet, field),
      ) as [string, string, string];
      copy = { ...copyCommit(commit), authorName, authorEmail, subject };
      redacted.set(commit.sha, copy);
    }
    return copy;
  };
  for (const finding of findings) {
    const provenance = finding.provenance;
    if (provenance.type !== "git-blob") continue;
    if (provenance.introducedBy) provenance.introducedBy = redact(provenance.introducedBy);
    if (provenance.removedBy) provenance.removedBy = redact(provenance.removedBy);
    const held = provenance.lastHeld;
    if (held) provenance.lastHeld = { ...redact(held), basis: held.basis, ...(held.refs ? { refs: held.refs } : {}) };
  }
}
