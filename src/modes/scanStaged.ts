import { resolve } from "node:path";
import { loadRunConfig, type ConfigChoice } from "../config/loadRunConfig.js";
import { runRuleSet } from "./runRuleSet.js";
import { finalizeFindings } from "../findings/finalize.js";
import { createSuppressor, type SuppressionOptions } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import { repositoryRoot } from "../git/refs.js";
import { DEFAULT_MAX_FILE_SIZE } from "./limits.js";
import { assembleResult } from "./result.js";
import { detectOptions, runSources, threadsOf, type DetectionOptions } from "./runSources.js";
import { stagedSource } from "../sources/staged.js";
import { stagedFiles, type StagedFile } from "../sources/stagedDiff.js";
import { CatFile } from "../git/catFile.js";
import { stagedFileFindings } from "../secretFiles/staged.js";

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
 */
export async function scanStaged(options: StagedScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.repo ?? ".");
  // git starts first and works while this thread loads and compiles the rules: one `git diff
  // --cached` lists the staged change for both the content scan and the file pass (its paths are
  // relative to the top of the work tree from any directory in it), and the blob reader starts.
  // The no-op handler only keeps an error thrown before the listing is awaited from leaving its
  // rejection unhandled.
  const listing = stagedFiles(dir);
  listing.catch(() => undefined);
  const reader = new CatFile(dir);
  try {
    return await scanListed(started, cwd, dir, { listing, reader }, options);
  } finally {
    await reader.close();
  }
}

/** The git work a staged scan starts before anything else. */
interface StartedGit {
  listing: Promise<StagedFile[]>;
  reader: CatFile;
}

async function scanListed(
  started: number,
  cwd: string,
  dir: string,
  git: StartedGit,
  options: StagedScanOptions,
): Promise<ScanResult> {
  const root = await repositoryRoot(dir);
  // An explicit --config is relative to cwd; otherwise the repository's own config applies.
  const config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
  const ruleSet = runRuleSet(config);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // A staged change is a partial scan: ignore and baseline entries for other files are not stale.
  const suppressor = await createSuppressor({ reportStale: false, ...options }, cwd, root, config.allow);
  const files = await git.listing;
  const source = stagedSource({
    root,
    files,
    reader: git.reader,
    maxFileSize,
    allLines: options.allLines ?? false,
  });
  // A pre-commit change is small: with only the built-in rules (ReDoS-checked and fuzzed) matching
  // on this thread saves a detector thread's start-up; custom rules keep the time-bounded threads.
  const threads = options.threads ?? (config.hasCustomRules ? threadsOf(options).threads : 0);
  // Config-file pass (issue #5): a staged .env, key or keystore blocks the commit by its name. Its
  // blob reads run while the content is scanned.
  const [collected, fileFindings] = await Promise.all([
    runSources([source], ruleSet, { detect: detectOptions(options), suppressor, threads }),
    stagedFileFindings(root, files, config.fileRules, config.allow, maxFileSize),
  ]);
  return assembleResult({
    started,
    root,
    config,
    collected,
    fileFindings: finalizeFindings(fileFindings, config.rules),
    suppressor,
  });
}
