import type { Finding } from "./types.js";

/** The version of the baseline file format. */
const BASELINE_VERSION = 1;

/**
 * One known finding. Only hashes, the rule id and the path: never the secret, a preview or a line
 * number, so a baseline is safe to commit and a moved line keeps matching.
 */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  secretHash: string;
  path: string;
}

/** The whole baseline file (`schemas/baseline.schema.json`). */
export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: "secretscan";
  entries: BaselineEntry[];
}

/** Orders entries by path, rule id, fingerprint: the order they are written in. */
function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const key = (entry: BaselineEntry) => [entry.path, entry.ruleId, entry.fingerprint];
  const [left, right] = [key(a), key(b)];
  for (let i = 0; i < left.length; i++) {
    if (left[i] !== right[i]) return (left[i] as string) < (right[i] as string) ? -1 : 1;
  }
  return 0;
}

/** A baseline recording `findings`: one entry per fingerprint, sorted. Pure. */
export function buildBaseline(findings: readonly Finding[]): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const { fingerprint, ruleId, secretHash, path } = finding;
    byFingerprint.set(fingerprint, { fingerprint, ruleId, secretHash, path });
  }
  return { version: BASELINE_VERSION, tool: "secretscan", entries: [...byFingerprint.values()].sort(compareEntries) };
}

/**
 * Serialises a baseline as JSON with one entry per line and keys in a fixed order, so a diff of an
 * updated baseline shows exactly the entries added and removed.
 */
export function serializeBaseline(baseline: Baseline): string {
  const entries = baseline.entries.map(({ fingerprint, ruleId, secretHash, path }) => `    ${JSON.stringify({ fingerprint, ruleId, secretHash, path })}`);
  const list = entries.length ? `[\n${entries.join(",\n")}\n  ]` : "[]";
  return `{\n  "version": ${baseline.version},\n  "tool": ${JSON.stringify(baseline.tool)},\n  "entries": ${list}\n}\n`;
}

/** Entries of `next` not in `previous`, and entries of `previous` gone from `next`, by fingerprint. */
export function diffBaselines(previous: Baseline, next: Baseline): { added: number; removed: number } {
  const before = new Set(previous.entries.map((entry) => entry.fingerprint));
  const after = new Set(next.entries.map((entry) => entry.fingerprint));
  return {
    added: [...after].filter((fingerprint) => !before.has(fingerprint)).length,
    removed: [...before].filter((fingerprint) => !after.has(fingerprint)).length,
  };
}

/**
 * Matches findings against a baseline and remembers which entries matched. A finding is known when
 * its fingerprint is in the baseline, or when an entry has the same rule id and secret hash: the
 * second test keeps a renamed or moved file from re-raising its secret (fingerprints include the
 * path). It also means a known secret copied to a new file is not reported again; it is no new leak.
 */
export class BaselineMatcher {
  private readonly used = new Set<BaselineEntry>();
  private readonly byFingerprint = new Map<string, BaselineEntry>();
  private readonly byRuleAndHash = new Map<string, BaselineEntry[]>();

  constructor(readonly baseline: Baseline) {
    for (const entry of baseline.entries) {
      this.byFingerprint.set(entry.fingerprint, entry);
      const key = `${entry.ruleId}\0${entry.secretHash}`;
      this.byRuleAndHash.set(key, [...(this.byRuleAndHash.get(key) ?? []), entry]);
    }
  }

  /** True when the finding is in the baseline; matching entries are recorded as used. */
  isKnown(finding: Finding): boolean {
    const exact = this.byFingerprint.get(finding.fingerprint);
    const sameSecret = this.byRuleAndHash.get(`${finding.ruleId}\0${finding.secretHash}`) ?? [];
    const matched = exact ? [exact] : sameSecret;
    for (const entry of matched) this.used.add(entry);
    return matched.length > 0;
  }

  /** Entries that matched no finding so far. */
  unused(): BaselineEntry[] {
    return this.baseline.entries.filter((entry) => !this.used.has(entry));
  }
}
