import { loadRunConfig } from "../config/loadRunConfig.js";
import { finalizeFindings } from "../findings/finalize.js";
import { createSuppressor } from "../findings/suppressionFiles.js";
import type { ScanResult } from "../findings/types.js";
import type { CatFile } from "../git/catFile.js";
import { stagedFileFindings } from "../secretFiles/staged.js";
import { stagedSource } from "../sources/staged.js";
import type { StagedFile } from "../sources/stagedDiff.js";
import { DEFAULT_MAX_FILE_SIZE } from "./limits.js";
import { assembleResult } from "./result.js";
import { runRuleSet } from "./runRuleSet.js";
import { detectOptions, runSources, threadsOf } from "./runSources.js";
import type { StagedScanOptions } from "./scanStaged.js";

/** A staged scan's start: where it runs and the git work `scanStaged` started first. */
export interface StartedStagedScan {
  /** `performance.now()` when the scan was asked for. */
  started: number;
  cwd: string;
  /** The top of the work tree (`git rev-parse --show-toplevel`). */
  root: Promise<string>;
  /** The staged change (`git diff --cached`). */
  listing: Promise<StagedFile[]>;
  /** Reads the staged blobs; the caller closes it. */
  reader: CatFile;
}

/** The rest of `scanStaged`: config, rules, the content scan and the file pass over the started git work. */
export async function scanStagedChange(start: StartedStagedScan, options: StagedScanOptions): Promise<ScanResult> {
  const { started, cwd } = start;
  const root = await start.root;
  // An explicit --config is relative to cwd; otherwise the repository's own config applies.
  const config = loadRunConfig(options.config === undefined ? root : cwd, options.config);
  const ruleSet = runRuleSet(config);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // A staged change is a partial scan: ignore and baseline entries for other files are not stale.
  const suppressor = await createSuppressor({ reportStale: false, ...options }, cwd, root, config.allow);
  const files = await start.listing;
  const source = stagedSource({
    root,
    files,
    reader: start.reader,
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
