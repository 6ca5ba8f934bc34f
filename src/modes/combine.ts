import { compareFindings } from "../findings/order.js";
import type { Finding, RuleInfo, ScanResult } from "../findings/types.js";
import type { Hint } from "../problems.js";
import type { Diagnostic } from "../sources/types.js";

/**
 * Combines the results of the shards of one run (`secretscan merge`) into the result the run would
 * have had unsplit. Each file or blob was scanned by exactly one shard, so findings and byte counts
 * add up; what every shard computed alike (hints, the history walk's own diagnostics) is kept once;
 * what depends on every shard is recomputed: whether HEAD holds a secret, and (history) the number
 * of distinct paths, the union of the shards' `paths`.
 */
export function combineShards(results: readonly ScanResult[]): ScanResult {
  const first = firstOf(results);
  const paths = results.every((result) => result.shard?.paths !== undefined)
    ? new Set(results.flatMap((result) => result.shard?.paths ?? []))
    : undefined;
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    ...combinedFindings(results),
    diagnostics: mostOfEach(
      results.map((result) => result.diagnostics),
      diagnosticKey,
    ),
    hints: inEvery(results.map((result) => result.hints)),
    stats: {
      ...summed(results),
      ...(paths ? { files: paths.size } : {}),
      durationMs: Math.max(...results.map((result) => result.stats.durationMs)),
    },
  };
}

/**
 * Combines the history audits of several repositories into one report: each finding, diagnostic
 * and hint names its repository (`labels`, in the order of `results`), and a secret found in two
 * repositories is one secret with occurrences in both. Paths stay relative to their repository.
 */
export function combineRepositories(
  results: readonly ScanResult[],
  labels: readonly string[],
  cwd: string,
): ScanResult {
  const first = firstOf(results);
  const labelled = results.map((result, index) => labelResult(result, labels[index] ?? result.root));
  return {
    tool: first.tool,
    root: cwd,
    ...combinedFindings(labelled),
    diagnostics: labelled.flatMap((result) => result.diagnostics),
    hints: labelled.flatMap((result) => result.hints),
    stats: { ...summed(results), durationMs: results.reduce((sum, result) => sum + result.stats.durationMs, 0) },
    rules: uniqueRules(results.flatMap((result) => result.rules)),
  };
}

function firstOf(results: readonly ScanResult[]): ScanResult {
  const first = results[0];
  if (!first) throw new Error("nothing to combine");
  return first;
}

/** A result whose findings, diagnostics and hints say which repository they come from. */
function labelResult(result: ScanResult, label: string): ScanResult {
  const withRepository = (finding: Finding): Finding => ({ ...finding, repository: label });
  return {
    ...result,
    findings: result.findings.map(withRepository),
    suppressed: (result.suppressed ?? []).map(withRepository),
    diagnostics: result.diagnostics.map((diagnostic) => ({
      ...diagnostic,
      message: `${label}: ${diagnostic.message}`,
    })),
    hints: result.hints.map((hint) => ({ ...hint, message: `${label}: ${hint.message}` })),
  };
}

/** Every result's findings and suppressed findings, with `presentAtHead` recomputed over all of them. */
function combinedFindings(results: readonly ScanResult[]): Pick<ScanResult, "findings" | "suppressed"> {
  const findings = results.flatMap((result) => result.findings).sort(compareFindings);
  const suppressed = results.flatMap((result) => result.suppressed ?? []).sort(compareFindings);
  markPresentAtHead([...findings, ...suppressed]);
  return { findings, suppressed };
}

/**
 * A history finding is `presentAtHead` when any blob at its repository's HEAD holds the same
 * secret. Each part judged that from its own blobs only, so the answer is the OR over every part's
 * findings of the secret. Config-file findings judge HEAD by their path and keep their own answer.
 */
function markPresentAtHead(findings: readonly Finding[]): void {
  const live = new Set<string>();
  const keyOf = (finding: Finding) => `${finding.repository ?? ""}\u0000${finding.secretHash}`;
  const judged = findings.filter(
    (finding) =>
      finding.fileState === undefined &&
      finding.provenance.type === "git-blob" &&
      finding.provenance.presentAtHead !== undefined,
  );
  for (const finding of judged)
    if (finding.provenance.type === "git-blob" && finding.provenance.presentAtHead) live.add(keyOf(finding));
  for (const finding of judged)
    if (finding.provenance.type === "git-blob") finding.provenance.presentAtHead = live.has(keyOf(finding));
}

/** Files, bytes and blobs added up; the rule count is the run's. */
function summed(results: readonly ScanResult[]): Omit<ScanResult["stats"], "durationMs"> {
  const total = (pick: (result: ScanResult) => number) => results.reduce((sum, result) => sum + pick(result), 0);
  return {
    files: total((result) => result.stats.files),
    bytes: total((result) => result.stats.bytes),
    blobs: total((result) => result.stats.blobs),
    rules: Math.max(...results.map((result) => result.stats.rules)),
  };
}

function diagnosticKey(diagnostic: Diagnostic): string {
  return JSON.stringify([diagnostic.path, diagnostic.reason, diagnostic.level, diagnostic.message]);
}

/**
 * Each distinct item as many times as the part that has it most often. A diagnostic about one
 * file or blob comes from the one shard that read it; one every shard raised alike (the history
 * walk's submodules, say) appears as often in each, and so once per occurrence in the run.
 */
function mostOfEach<T>(lists: ReadonlyArray<readonly T[]>, keyOf: (item: T) => string): T[] {
  const most = new Map<string, T[]>();
  for (const list of lists) {
    const here = new Map<string, T[]>();
    for (const item of list) here.set(keyOf(item), [...(here.get(keyOf(item)) ?? []), item]);
    for (const [key, items] of here) if (items.length > (most.get(key)?.length ?? 0)) most.set(key, items);
  }
  return [...most.values()].flat();
}

/**
 * The hints every shard gave. Hints about the run (config, repository) are the same in every
 * shard; a stale ignore, baseline or allow entry is stale for the whole run only if no shard used it.
 */
function inEvery(lists: ReadonlyArray<readonly Hint[]>): Hint[] {
  const keyOf = (hint: Hint) => `${hint.code}\u0000${hint.message}`;
  const [first = [], ...others] = lists;
  const sets = others.map((list) => new Set(list.map(keyOf)));
  return first.filter((hint) => sets.every((set) => set.has(keyOf(hint))));
}

/** Rules by id, the first description of each id kept (repositories may configure their own). */
function uniqueRules(rules: readonly RuleInfo[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
