import { globTest } from "../rules/globs.js";
import type { AllowHit } from "../detect/allow.js";
import type { CompiledAllow } from "../rules/types.js";
import { BaselineMatcher, type Baseline } from "./baseline.js";
import { folderRelativeFingerprints, legacyFingerprints } from "./build.js";
import { IgnoreFileUsage, type IgnoreEntry, type IgnoreFile } from "./ignoreFile.js";
import { inlineSuppression } from "./inlineIgnore.js";
import type { Finding } from "./types.js";
import type { Hint } from "../problems.js";

/** What decides suppression for one run. */
export interface SuppressorOptions {
  /** Honour inline markers (`secretscan:allow`, `gitleaks:allow`, …). False for `--no-inline-ignores`. */
  inlineIgnores: boolean;
  /** The run's global config allow-list, whose entries are counted. */
  allow: CompiledAllow;
  ignoreFile?: IgnoreFile | undefined;
  baseline?: { name: string; baseline: Baseline } | undefined;
  /** Report entries that matched nothing as hints. Turn off for partial scans (staged changes). */
  reportStale: boolean;
}

/** The line a finding starts on and the line before it (undefined on the input's first line). */
export interface FindingLines {
  lineText: string;
  previousLineText?: string | undefined;
}

/** Findings split into those to report and those suppressed (each with `suppressed` set). */
export interface SuppressionSplit {
  findings: Finding[];
  suppressed: Finding[];
}

/**
 * Decides which findings are suppressed, by inline marker, config allow-list, ignore file or
 * baseline, and remembers which entries of each matched something so stale ones can be reported.
 * One instance per scan; not shared between runs.
 */
export class Suppressor {
  private readonly ignore: IgnoreFileUsage | undefined;
  private readonly baseline: BaselineMatcher | undefined;
  private readonly usedAllow = new Set<string>();
  private readonly pathGlobs: Array<{ glob: string; matches: (path: string) => boolean }>;
  /** True once a scan has reported config allow-list usage; only then are unused entries meaningful. */
  private isAllowTracked = false;

  constructor(private readonly options: SuppressorOptions) {
    this.ignore = options.ignoreFile ? new IgnoreFileUsage(options.ignoreFile) : undefined;
    this.baseline = options.baseline ? new BaselineMatcher(options.baseline.baseline) : undefined;
    this.pathGlobs = (options.allow.pathGlobs ?? []).map((glob) => ({
      glob,
      matches: globTest([glob]),
    }));
  }

  /** Records that a file was scanned, so `allow.paths` entries matching it count as used. */
  notePath(path: string): void {
    this.isAllowTracked = true;
    this.pathGlobs.forEach((entry, index) => {
      if (entry.matches(path)) this.usedAllow.add(`paths[${index}]`);
    });
  }

  /**
   * Marks a finding suppressed when the config allow-list covered it (`hit`) or, with inline
   * ignores on, when a marker covers its first line. `lines` are that line and the one before, as
   * the detector's line index read them, so the input is never split again here.
   */
  mark(finding: Finding, hit: AllowHit | undefined, lines: FindingLines): Finding {
    if (hit) {
      this.usedAllow.add(`${hit.list}[${hit.index}]`);
      return { ...finding, suppressed: { kind: "external", reason: `config allow.${hit.list}[${hit.index}]` } };
    }
    if (!this.options.inlineIgnores) return finding;
    const context = { findingLines: [lines.lineText], previousLine: lines.previousLineText };
    const reason = inlineSuppression(context, finding.ruleId, finding.secret);
    return reason === undefined ? finding : { ...finding, suppressed: { kind: "inSource", reason } };
  }

  /** Splits final findings: already-marked ones, then ignore-file fingerprints and globs, then the baseline. */
  apply(findings: readonly Finding[]): SuppressionSplit {
    const split: SuppressionSplit = { findings: [], suppressed: [] };
    for (const finding of findings) {
      const reason = finding.suppressed ? undefined : this.externalReason(finding);
      if (finding.suppressed) split.suppressed.push(finding);
      else if (reason) split.suppressed.push({ ...finding, suppressed: { kind: "external", reason } });
      else split.findings.push(finding);
    }
    return split;
  }

  private externalReason(finding: Finding): string | undefined {
    const ignore = this.ignore;
    const entry =
      ignore?.fingerprintEntry(finding.fingerprint) ??
      this.folderRelativeEntry(finding) ??
      ignore?.excludingEntry(finding.path);
    if (ignore && entry) return `ignore file ${ignore.file.name}:${entry.line}`;
    if (this.baseline?.isKnown(finding)) return `baseline ${this.options.baseline?.name ?? ""}`;
    return undefined;
  }

  /**
   * An ignore-file fingerprint written when the finding's path was relative to a scanned folder,
   * or when fingerprints derived from a plain SHA-256 of the secret (see `legacyFingerprints`).
   */
  private folderRelativeEntry(finding: Finding): IgnoreEntry | undefined {
    if (!this.ignore?.hasFingerprints()) return undefined;
    for (const fingerprint of [...folderRelativeFingerprints(finding), ...legacyFingerprints(finding)]) {
      const entry = this.ignore.fingerprintEntry(fingerprint);
      if (entry) return entry;
    }
    return undefined;
  }

  /**
   * Hints for ignore-file lines, baseline entries and config allow entries that matched nothing.
   * A glob line is named by its line number only: someone may have pasted a secret there.
   */
  staleHints(): Hint[] {
    if (!this.options.reportStale) return [];
    const hints: Hint[] = [];
    for (const entry of this.ignore?.unused() ?? []) {
      const what =
        entry.type === "fingerprint"
          ? `fingerprint ${entry.fingerprint} matched no finding`
          : "its path pattern matched no file with findings";
      hints.push({
        code: "stale-ignore-entry",
        message: `${this.ignore?.file.name}:${entry.line}: ${what}; remove the line`,
      });
    }
    for (const entry of this.baseline?.unused() ?? []) {
      const where = `${entry.ruleId} in ${entry.path} (fingerprint ${entry.fingerprint})`;
      hints.push({
        code: "stale-baseline-entry",
        message: `${this.options.baseline?.name}: ${where} was not found; run secretscan baseline --update`,
      });
    }
    if (this.isAllowTracked) {
      for (const key of this.allowKeys()) {
        if (!this.usedAllow.has(key))
          hints.push({ code: "unused-allow-entry", message: `config allow.${key} matched nothing in this scan` });
      }
    }
    return hints;
  }

  /** Every entry of the global allow-list as `list[index]`. */
  private allowKeys(): string[] {
    const { allow } = this.options;
    const lists: Array<[string, number]> = [
      ["secrets", allow.secrets.length],
      ["matches", allow.matches.length],
      ["lines", allow.lines.length],
      ["stopwords", allow.stopwords.length],
      ["paths", this.pathGlobs.length],
    ];
    return lists.flatMap(([list, count]) => Array.from({ length: count }, (_, index) => `${list}[${index}]`));
  }
}
