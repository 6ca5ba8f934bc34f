#!/usr/bin/env node
/**
 * Measures recall and precision of the built-in rules on the labelled corpus in fixtures/accuracy
 * (written by scripts/build-accuracy-corpus.mjs). Run after `npm run build`:
 *
 *   node scripts/accuracy.mjs            table per family, then every miss and false positive
 *   node scripts/accuracy.mjs --json     the same as JSON
 *   node scripts/accuracy.mjs --check    exit 1 when recall < 98% or precision < 97%
 *   node scripts/accuracy.mjs --corpus DIR   also an external corpus laid out as DIR/pos, DIR/neg
 *
 * fixtures/accuracy was written by the same hands as the rules: it is the regression suite, not the
 * accuracy. The accuracy is measured on data nobody here wrote: every external corpus (one file a
 * case, `pos/` holding a secret each, `neg/` none; `../shared/corpus/np` by default when present)
 * gets recall over pos/, the share of neg/ flagged, every missed file with the reason each candidate
 * rule gave (no candidate rule, path, no regex match, entropy, checksum, placeholder, known example,
 * allow list) and every flagged negative with its rules.
 *
 * A label is recalled when a finding in the same file has its secret hash (or, for a paired
 * identifier, the hash of the identifier merged into it) or starts on its line (anywhere from
 * `line` to `endLine` for a multi-line secret such as a PEM block). A finding is a true
 * positive when it matches a label the same way, otherwise a false positive. Output names files
 * and lines only, never secret text.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = "fixtures/accuracy";
const LABELS_FILE = "labels.json";
const MIN_RECALL = 0.98;
const MIN_PRECISION = 0.97;
const DEFAULT_EXTERNAL = join(ROOT, "..", "shared", "corpus", "np");

/** Family of a finding that matched no label: the rule id's first segment (`github-pat` → `github`). */
const familyOfRule = (ruleId) => ruleId.split("-")[0];

/** Matches findings to labels; returns per-family counts, misses and false positives. */
export function evaluate(labels, findings) {
  const byFile = new Map();
  for (const label of labels) {
    if (!byFile.has(label.file)) byFile.set(label.file, []);
    byFile.get(label.file).push({ ...label, recalled: false });
  }
  const matches = (finding, label) => {
    if (finding.secretHash === label.secretSha256) return true;
    if (finding.pairedWith?.secretHash === label.secretSha256) return true;
    const last = label.endLine ?? label.line;
    const starts = [finding.location.startLine, finding.pairedWith?.location.startLine].filter((n) => n !== undefined);
    return starts.some((n) => n >= label.line && n <= last);
  };
  const falsePositives = [];
  const truePositives = [];
  for (const finding of findings) {
    const hits = (byFile.get(finding.path) ?? []).filter((label) => matches(finding, label));
    for (const label of hits) label.recalled = true;
    if (hits.length) truePositives.push({ finding, family: hits[0].family });
    else falsePositives.push({ finding, family: familyOfRule(finding.ruleId) });
  }
  const all = [...byFile.values()].flat();
  const families = new Map();
  const row = (family) => {
    if (!families.has(family)) families.set(family, { family, labels: 0, recalled: 0, findings: 0, falsePositives: 0 });
    return families.get(family);
  };
  for (const label of all) {
    row(label.family).labels++;
    if (label.recalled) row(label.family).recalled++;
  }
  for (const { family } of truePositives) row(family).findings++;
  for (const { family } of falsePositives) {
    row(family).findings++;
    row(family).falsePositives++;
  }
  const rows = [...families.values()].sort((a, b) => a.family.localeCompare(b.family)).map(withRates);
  const overall = withRates(
    rows.reduce(
      (sum, r) => ({
        family: "overall",
        labels: sum.labels + r.labels,
        recalled: sum.recalled + r.recalled,
        findings: sum.findings + r.findings,
        falsePositives: sum.falsePositives + r.falsePositives,
      }),
      { family: "overall", labels: 0, recalled: 0, findings: 0, falsePositives: 0 },
    ),
  );
  const missed = all
    .filter((l) => !l.recalled)
    .map(({ file, line, family, format }) => ({ file, line, family, format }));
  const fps = falsePositives.map(({ finding }) => ({
    file: finding.path,
    line: finding.location.startLine,
    ruleId: finding.ruleId,
    decodedFrom: finding.decodedFrom,
  }));
  const byPosition = (a, b) => a.file.localeCompare(b.file) || a.line - b.line;
  return { rows, overall, missed: missed.sort(byPosition), falsePositives: fps.sort(byPosition) };
}

function withRates(r) {
  const recall = r.labels ? r.recalled / r.labels : 1;
  const precision = r.findings ? (r.findings - r.falsePositives) / r.findings : 1;
  return { ...r, recall, precision };
}

const pct = (x) => (x * 100).toFixed(1) + "%";

/** The report as plain text: a table, then misses and false positives by position. */
export function renderText(result, ignored) {
  const header = ["family", "labels", "recalled", "recall", "findings", "FP", "precision"];
  const body = [...result.rows, result.overall].map((r) =>
    [
      r.family,
      r.labels,
      r.recalled,
      r.labels ? pct(r.recall) : "-",
      r.findings,
      r.falsePositives,
      r.findings ? pct(r.precision) : "-",
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  body.forEach((row, i) => {
    if (i === body.length - 1) out.push(widths.map((w) => "-".repeat(w)).join("  "));
    out.push(line(row));
  });
  out.push("", `missed labels (${result.missed.length}):`);
  for (const m of result.missed) out.push(`  ${m.file}:${m.line} ${m.family}/${m.format}`);
  out.push("", `false positives (${result.falsePositives.length}):`);
  for (const f of result.falsePositives)
    out.push(`  ${f.file}:${f.line} ${f.ruleId}${f.decodedFrom ? ` (decoded: ${f.decodedFrom.join(">")})` : ""}`);
  if (ignored) out.push("", `(${ignored} finding(s) in ${LABELS_FILE} itself were ignored)`);
  return out.join("\n") + "\n";
}

/** The explanation of a missed file, in a few words: why each candidate rule reported nothing. */
function missReason(explained) {
  const filtered = explained.filter((miss) => miss.reason !== "path" && miss.reason !== "no-match");
  if (filtered.length) return "filtered: " + filtered.map((miss) => `${miss.ruleId} by ${miss.reason}`).join(", ");
  const tried = explained.filter((miss) => miss.reason === "no-match").map((miss) => miss.ruleId);
  if (tried.length)
    return `no regex match (keyword rules: ${tried.slice(0, 4).join(", ")}${tried.length > 4 ? ", …" : ""})`;
  return "no candidate rule";
}

/** Scans an external corpus's pos/ and neg/ folders and explains every miss. */
export async function evaluateExternal(dir) {
  const { scan } = await import("../dist/index.js");
  const { loadRunConfig } = await import("../dist/config/loadRunConfig.js");
  const { createRuleSet } = await import("../dist/detect/ruleSet.js");
  const { explainText } = await import("../dist/detect/explain.js");
  const config = loadRunConfig(ROOT, false);
  const ruleSet = createRuleSet(config.rules, config.allow);
  const flaggedIn = async (kind) => {
    const result = await scan({ paths: [join(dir, kind)], cwd: ROOT, config: false, respectGitignore: false });
    const rules = new Map();
    for (const f of result.findings) {
      const name = f.path.split("/").pop();
      rules.set(name, [...(rules.get(name) ?? []), f.ruleId]);
    }
    return { files: readdirSync(join(dir, kind)).sort(), rules };
  };
  const pos = await flaggedIn("pos");
  const neg = await flaggedIn("neg");
  const missed = pos.files
    .filter((name) => !pos.rules.has(name))
    .map((name) => {
      const text = readFileSync(join(dir, "pos", name), "utf8");
      return { file: name, reason: missReason(explainText(ruleSet, text, name)) };
    });
  const flagged = neg.files
    .filter((name) => neg.rules.has(name))
    .map((name) => ({ file: name, rules: [...new Set(neg.rules.get(name))] }));
  return {
    corpus: dir,
    positives: pos.files.length,
    found: pos.files.length - missed.length,
    negatives: neg.files.length,
    flagged: flagged.length,
    missed,
    flaggedNegatives: flagged,
  };
}

/** An external corpus's figures, then its misses and flagged negatives, one a line. */
export function renderExternal(r) {
  const share = (n, d) => (d ? pct(n / d) : "-");
  const out = [
    `external corpus ${r.corpus}: found ${r.found}/${r.positives} (${share(r.found, r.positives)}), negatives flagged ${r.flagged}/${r.negatives} (${share(r.flagged, r.negatives)})`,
  ];
  out.push(`  missed (${r.missed.length}):`, ...r.missed.map((m) => `    ${m.file}  ${m.reason}`));
  out.push(
    `  flagged negatives (${r.flaggedNegatives.length}):`,
    ...r.flaggedNegatives.map((f) => `    ${f.file}  ${f.rules.join(", ")}`),
  );
  return out.join("\n") + "\n";
}

/** External corpora to measure: every `--corpus DIR`, else the shared one when it exists. */
function externalCorpora(argv) {
  const given = argv.flatMap((arg, i) => (arg === "--corpus" && argv[i + 1] ? [resolve(argv[i + 1])] : []));
  if (given.length) return given;
  return existsSync(join(DEFAULT_EXTERNAL, "pos")) ? [DEFAULT_EXTERNAL] : [];
}

async function main(argv) {
  const isJson = argv.includes("--json");
  const isCheck = argv.includes("--check");
  const { scan } = await import("../dist/index.js");
  const labels = JSON.parse(readFileSync(join(ROOT, CORPUS, LABELS_FILE), "utf8"));
  const scanned = await scan({ paths: [CORPUS], cwd: ROOT, config: false, respectGitignore: false });
  // Paths are relative to the scanned directory when it is the only path; normalise either way.
  const relative = (path) => (path.startsWith(CORPUS + "/") ? path.slice(CORPUS.length + 1) : path);
  const findings = scanned.findings.map((f) => ({ ...f, path: relative(f.path) }));
  // Config-file findings say "this file should not be in git"; the corpus labels secrets, and file
  // rules are measured by their own tests (test/configFiles), so they are left out here.
  const corpusFindings = findings.filter((f) => f.path !== LABELS_FILE && f.kind !== "config-file");
  const ignored = findings.length - corpusFindings.length;
  const result = evaluate(labels, corpusFindings);
  const external = [];
  for (const dir of externalCorpora(argv)) external.push(await evaluateExternal(dir));
  if (isJson)
    process.stdout.write(
      JSON.stringify(
        {
          ...result,
          ignoredInLabelsFile: ignored,
          thresholds: { recall: MIN_RECALL, precision: MIN_PRECISION },
          external,
        },
        null,
        2,
      ) + "\n",
    );
  else process.stdout.write([renderText(result, ignored), ...external.map(renderExternal)].join("\n"));
  if (isCheck && (result.overall.recall < MIN_RECALL || result.overall.precision < MIN_PRECISION)) {
    process.stderr.write(
      `accuracy below threshold: recall ${pct(result.overall.recall)} (min ${pct(MIN_RECALL)}), precision ${pct(result.overall.precision)} (min ${pct(MIN_PRECISION)})\n`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
