import { pathToFileURL } from "node:url";
import type { SimpleGit } from "simple-git";
import { repositoryQuery } from "./query.js";

/** Which repository and revision a git scan looked at. */
export interface VersionControlInfo {
  /** The remote's URL without credentials, or a `file://` URL of the repository when it has no remote. */
  repositoryUri: string;
  /** Full sha of HEAD. */
  revisionId: string;
  /** The checked-out branch (without `refs/heads/`); absent on a detached HEAD. */
  branch?: string;
}

/**
 * Describes the repository at `root` for reports, or undefined when it has no commits. Prefers the
 * `origin` remote, else the first remote listed.
 */
export async function versionControlInfo(
  root: string,
  head: string | undefined,
): Promise<VersionControlInfo | undefined> {
  if (!head) return undefined;
  const query = await repositoryQuery(root);
  const [branch, remote] = await Promise.all([currentBranch(query), remoteUrl(query)]);
  return {
    repositoryUri: remote ?? pathToFileURL(root.endsWith("/") ? root : `${root}/`).href,
    revisionId: head,
    ...(branch ? { branch } : {}),
  };
}

async function currentBranch(query: SimpleGit): Promise<string | undefined> {
  try {
    return (await query.raw(["symbolic-ref", "--quiet", "--short", "HEAD"])).trim() || undefined;
  } catch {
    return undefined; // detached HEAD
  }
}

async function remoteUrl(query: SimpleGit): Promise<string | undefined> {
  try {
    const remotes = await query.getRemotes(true);
    const remote = remotes.find((r) => r.name === "origin") ?? remotes[0];
    return remote ? sanitizeRemoteUrl(remote.refs.fetch) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A remote URL safe to publish: user name and password (tokens often hide there) removed, and
 * scp-style `git@host:owner/repo.git` turned into `ssh://host/owner/repo.git`. Undefined when the
 * text is not a URL we can clean (better no URI than a leaked credential).
 */
function sanitizeRemoteUrl(text: string): string | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return `ssh://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(text);
    url.username = "";
    url.password = "";
    return url.href;
  } catch {
    return undefined;
  }
}
