import { resolve } from "node:path";
import type { ConfigChoice } from "../config/loadRunConfig.js";
import type { SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import { CatFile } from "../git/catFile.js";
import { repositoryRoot } from "../git/refs.js";
import { stagedFiles } from "../sources/stagedDiff.js";
import type { DetectionOptions } from "./runSources.js";

/** Options of `scanStaged()`; every field is optional. */
export interface StagedScanOptions extends SuppressionOptions, DetectionOptions {
  /** The repository (any directory inside its work tree), relative to `cwd`. Default `cwd`. */
  repo?: string;
  /** Directory config discovery and `repo` are relative to. Default `process.cwd()`. */
  cwd?: string;
  config?: ConfigChoice;
  /** Bytes; larger staged files become diagnostics. Default: config's `maxFileSize`, else 10 MiB. */
  maxFileSize?: number;
  /** Report secrets anywhere in staged files, not only on added or modified lines. */
  allLines?: boolean;
}

/**
 * Scans what is staged for the next commit (the index, never the working tree): by default only
 * the lines the staged change adds or modifies. Works before the first commit. Paths in the result
 * are relative to the top of the work tree. Throws UserError outside a repository or for bad config.
 *
 * The three git processes start first and the rest of the scan (`stagedScan.ts`) loads after
 * them: git lists the change and opens the blob reader on the other CPU while this one loads the
 * rules (and, run from dist/ rather than the CLI's bundle, the detector's modules).
 */
export async function scanStaged(options: StagedScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.repo ?? ".");
  // One `git diff --cached` lists the staged change for both the content scan and the file pass
  // (its paths are relative to the top of the work tree from any directory in it). The no-op
  // handlers only keep an error from leaving its rejection unhandled before it is awaited.
  const root = repositoryRoot(dir);
  root.catch(() => undefined);
  const listing = stagedFiles(dir);
  listing.catch(() => undefined);
  const reader = new CatFile(dir);
  try {
    const { scanStagedChange } = await import("./stagedScan.js");
    return await scanStagedChange({ started, cwd, root, listing, reader }, options);
  } finally {
    await reader.close();
  }
}
