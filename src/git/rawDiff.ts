/** One file of a raw diff: its new path, new blob id and new mode. */
export interface RawEntry {
  path: string;
  blobId: string;
  mode: string;
}

/**
 * Raw entries at the start of `git diff --raw -z` output: `:modes ids status\0path\0` (renames and
 * copies: two paths, the new one kept), and where the patch that follows starts.
 */
export function parseRawEntries(output: string): { files: RawEntry[]; patchStart: number } {
  const files: RawEntry[] = [];
  let at = 0;
  while (output.startsWith(":", at)) {
    const metaEnd = output.indexOf("\0", at);
    const [, mode = "", , blobId = "", status = ""] = output.slice(at + 1, metaEnd).split(" ");
    let pathEnd = output.indexOf("\0", metaEnd + 1);
    let path = output.slice(metaEnd + 1, pathEnd);
    if (/^[RC]/.test(status)) {
      const next = output.indexOf("\0", pathEnd + 1);
      path = output.slice(pathEnd + 1, next);
      pathEnd = next;
    }
    files.push({ path, blobId, mode });
    at = pathEnd + 1;
  }
  if (output[at] === "\0") at += 1;
  return { files, patchStart: at };
}
