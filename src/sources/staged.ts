import type { CatFile } from "../git/catFile.js";
import { sniffedChunk } from "../text/byteChunk.js";
import { isLfsPointer, lossyEncoding, sniffBytes } from "../text/decode.js";
import { isNoBlob, SUBMODULE_MODE } from "../git/rawDiff.js";
import type { StagedFile } from "./stagedDiff.js";
import type { Diagnostic, SourceItem } from "./types.js";

/** Options of the staged (pre-commit) source. */
export interface StagedSourceOptions {
  /** Top of the work tree. */
  root: string;
  /** The staged change's files (`stagedFiles`), listed once for this source and the file pass. */
  files: readonly StagedFile[];
  /** Reads the staged blobs; the caller started it early and closes it. */
  reader: CatFile;
  maxFileSize: number;
  /** Scan whole staged files instead of only the lines the staged change adds or modifies. */
  allLines: boolean;
}

/**
 * Yields the STAGED content of every added, copied, modified or renamed file, read from the index
 * by blob id (never the working-tree file), with provenance `index`. Unless `allLines`, each chunk
 * carries `onlyLines`: the lines the staged change adds or modifies.
 */
export async function* stagedSource(options: StagedSourceOptions): AsyncGenerator<SourceItem> {
  const readable: StagedFile[] = [];
  for (const file of options.files) {
    if (file.mode === SUBMODULE_MODE)
      yield diagnostic(file.path, "submodule", "note", "submodule change; its own repository is not scanned");
    else if (isNoBlob(file.blobId))
      yield diagnostic(file.path, "unreadable", "warning", "staged entry has no blob (intent-to-add?); not scanned");
    else readable.push(file);
  }
  if (readable.length === 0) return;
  const byBlob = new Map<string, StagedFile[]>();
  for (const file of readable) byBlob.set(file.blobId, [...(byBlob.get(file.blobId) ?? []), file]);
  for await (const object of options.reader.objects(byBlob.keys())) {
    for (const file of byBlob.get(object.oid) ?? []) {
      if (object.isMissing) yield diagnostic(file.path, "unreadable", "warning", "staged blob could not be read");
      else yield* fileItems(file, object.content, options);
    }
  }
}

function fileItems(file: StagedFile, content: Buffer, options: StagedSourceOptions): SourceItem[] {
  if (content.length > options.maxFileSize) {
    return [
      diagnostic(
        file.path,
        "too-large",
        "warning",
        `${content.length} bytes exceeds the ${options.maxFileSize}-byte limit (--max-file-size)`,
      ),
    ];
  }
  // Sniffed, not decoded: the chunk keeps its bytes, so the detector's anchors apply (a 300 KB
  // file staged whole took 0.36 s of one look-behind rule as text) and the text is decoded once.
  const sniffed = sniffBytes(content);
  if (sniffed.kind === "binary")
    return [diagnostic(file.path, "binary", "warning", "binary file (NUL bytes in the first 8 KiB); not scanned")];
  if (isLfsPointer(sniffed))
    return [diagnostic(file.path, "lfs-pointer", "note", "Git LFS pointer; the LFS object itself is not scanned")];
  const onlyLines = options.allLines ? undefined : file.changedLines;
  if (onlyLines && onlyLines.size === 0) return [];
  const chunk = sniffedChunk(sniffed, { type: "index", path: file.path, blobId: file.blobId });
  if (onlyLines) chunk.onlyLines = onlyLines;
  const items: SourceItem[] = [{ type: "chunk", chunk }];
  const lossy = lossyEncoding(sniffed);
  if (lossy)
    items.push(diagnostic(file.path, "undecodable", "note", `invalid ${lossy}; scanned with replacement characters`));
  return items;
}

function diagnostic(
  path: string,
  reason: Diagnostic["reason"],
  level: Diagnostic["level"],
  message: string,
): SourceItem {
  return { type: "diagnostic", diagnostic: { path, reason, level, message } };
}
