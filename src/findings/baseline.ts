import { createHmac, randomBytes } from "node:crypto";
import { legacyFingerprints, legacySecretHash } from "./build.js";
import type { Finding } from "./types.js";

/**
 * The version of the baseline file format written. Version 2 keys its hashes with the baseline's
 * own random salt; version 1 (plain SHA-256) is still read and matched, and `baseline --update`
 * rewrites it as version 2.
 */
const BASELINE_VERSION = 2;

/**
 * One known finding. Only hashes, the rule id and the path: never the secret, a preview or a line
 * number, so a baseline is safe to commit and a moved line keeps matching. In version 2 both hashes
 * are HMAC-SHA256 under the baseline's salt, so no precomputed table of password hashes applies
 * and a guess tested against one baseline says nothing about another.
 */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  secretHash: string;
  path: string;
}

/** The whole baseline file (`schemas/baseline.schema.json`). */
export interface Baseline {
  version: 1 | 2;
  tool: "secretscan";
  /** 32 hex characters of randomness keying this baseline's hashes (version 2). */
  salt?: string;
  entries: BaselineEntry[];
}

/** A fresh random salt for a new baseline. */
export function newBaselineSalt(): string {
  return randomBytes(16).toString("hex");
}

/**
 * How a baseline with `salt` records a finding's fingerprint and secret hash; unkeyed for version 1.
 * Both derive from the finding's legacy (SHA-256) fingerprint and its secret, not from the slow
 * hash reports carry, so every baseline written so far keeps matching; version 2 keys them anyway.
 */
function entryKeys(finding: Finding, salt: string | undefined): { fingerprint: string; secretHash: string } {
  const [legacyFingerprint] = legacyFingerprints(finding) as [string];
  if (salt === undefined) return { fingerprint: legacyFingerprint, secretHash: legacySecretHash(finding) };
  const keyed = (text: string) => createHmac("sha256", salt).update(text).digest("hex");
  return {
    fingerprint: keyed(`fingerprint\0${legacyFingerprint}`).slice(0, 32),
    secretHash: keyed(`secret\0${finding.secret}`),
  };
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

/** A version-2 baseline recording `findings` keyed with `salt`: one entry per fingerprint, sorted. Pure. */
export function buildBaseline(findings: readonly Finding[], salt: string): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const { fingerprint, secretHash } = entryKeys(finding, salt);
    byFingerprint.set(fingerprint, { fingerprint, ruleId: finding.ruleId, secretHash, path: finding.path });
  }
  return {
    version: BASELINE_VERSION,
    tool: "secretscan",
    salt,
    entries: [...byFingerprint.values()].sort(compareEntries),
  };
}

/**
 * Serialises a baseline as JSON with one entry per line and keys in a fixed order, so a diff of an
 * updated baseline shows exactly the entries added and removed.
 */
export function serializeBaseline(baseline: Baseline): string {
  const entries = baseline.entries.map(
    ({ fingerprint, ruleId, secretHash, path }) => `    ${JSON.stringify({ fingerprint, ruleId, secretHash, path })}`,
  );
  const list = entries.length ? `[\n${entries.join(",\n")}\n  ]` : "[]";
  const salt = baseline.salt === undefined ? "" : `\n  "salt": ${JSON.stringify(baseline.salt)},`;
  return `{\n  "version": ${baseline.version},\n  "tool": ${JSON.stringify(baseline.tool)},${salt}\n  "entries": ${list}\n}\n`;
}

/**
 * What recording `findings` changes against `previous`: findings it does not know (one per
 * fingerprint) and its entries no finding matches. Works across the version 1 to 2 migration,
 * where the two files' hashes differ.
 */
export function diffBaseline(previous: Baseline, findings: readonly Finding[]): { added: number; removed: number } {
  const matcher = new BaselineMatcher(previous);
  const added = new Set(findings.filter((finding) => !matcher.isKnown(finding)).map((finding) => finding.fingerprint))
    .size;
  return { added, removed: matcher.unused().length };
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
    const keys = entryKeys(finding, this.baseline.salt);
    const exact = this.byFingerprint.get(keys.fingerprint);
    const sameSecret = this.byRuleAndHash.get(`${finding.ruleId}\0${keys.secretHash}`) ?? [];
    const matched = exact ? [exact] : sameSecret;
    for (const entry of matched) this.used.add(entry);
    return matched.length > 0;
  }

  /** Entries that matched no finding so far. */
  unused(): BaselineEntry[] {
    return this.baseline.entries.filter((entry) => !this.used.has(entry));
  }
}
