// bench/real-suites.mjs — the comparisons run on real repositories (see real.mjs). Each suite
// returns table rows `{ metric, secretscan, reference, ratio, target, pass }`, the metric prefixed
// with the repository's folder name.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hasCommand, measure, measureInterleaved } from "./measure.mjs";
import { createPrng } from "./prng.mjs";
import { FINDINGS, historySpecs, peakRssRow, plantedRow, ratioRow, sec, skipped } from "./suites.mjs";
import { githubToken } from "./secrets.mjs";
import { SECRETLINT_SKIPPED, secretlintMessages, secretlintSpec, speedupRow } from "./secretlint.mjs";

/**
 * CPU time (user + system, git children included) of secretscan against a reference command's: on a
 * machine shared with other work, wall time includes waiting for a CPU, CPU time does not.
 */
export const cpuRow = (metric, ours, ref, refName) =>
  ours.cpuS === null || ref.cpuS === null
    ? []
    : [
        {
          metric,
          secretscan: `${ours.cpuS.toFixed(1)} CPU-s`,
          reference: `${ref.cpuS.toFixed(1)} CPU-s (${refName})`,
          ratio: `${(ours.cpuS / ref.cpuS).toFixed(2)}×`,
          target: "",
          pass: null,
        },
      ];
const findingCount = (reportFile) => JSON.parse(readFileSync(reportFile, "utf8")).findings.length;
const progress =
  (ctx) =>
  (label, { ms, rssMB, cpuS }) =>
    ctx.log(`  ${label} ${sec(ms)}${cpuS === null ? "" : `, ${cpuS.toFixed(2)} CPU-s, ${rssMB.toFixed(0)} MB`}`);
/** Wall milliseconds, and CPU milliseconds when GNU time measured them: short runs wait for a CPU the longest. */
const msWithCpu = (r) => `${r.ms.toFixed(0)} ms${r.cpuS === null ? "" : ` (${(r.cpuS * 1000).toFixed(0)} ms CPU)`}`;
/** An informational row: a figure with no target. */
export const info = (metric, secretscan, reference = "") => ({
  metric,
  secretscan,
  reference,
  ratio: "",
  target: "",
  pass: null,
});

/** Process start-up: `secretscan --version` against `node -e 0`, alternated, medians of 5. */
export function startupSuite(ctx) {
  const [ours, node] = measureInterleaved(
    [
      ["node", [ctx.cli, "--version"], {}],
      ["node", ["-e", "0"], {}],
    ],
    5,
  );
  return [
    {
      metric: "start-up: secretscan --version (median of 5)",
      secretscan: msWithCpu(ours),
      reference: `${msWithCpu(node)}, node -e 0`,
      ratio: `${ours.ms >= node.ms ? "+" : "−"}${Math.abs(ours.ms - node.ms).toFixed(0)} ms`,
      target: "",
      pass: null,
    },
  ];
}

/** History: secretscan vs `git cat-file --batch-all-objects --batch` and `git log -p -U0 --all`, alternated. */
export function realHistorySuite(ctx) {
  const out = join(ctx.outDir, "history.json");
  const dir = ctx.repo.dir;
  ctx.log(`bench: ${ctx.name}: history (${ctx.runs} run(s) each of cat-file, log -p, secretscan)…`);
  const [catFile, gitLog, ours] = measureInterleaved(historySpecs(ctx, dir, out), ctx.runs, progress(ctx));
  const rows = [
    ratioRow(`${ctx.name}: history vs log -p`, ours, gitLog, "log -p -U0 --all", 1),
    ratioRow(`${ctx.name}: history vs cat-file`, ours, catFile, "cat-file --batch", 2),
    ...cpuRow(`${ctx.name}: history CPU vs log -p CPU`, ours, gitLog, "log -p"),
  ];
  rows.push(peakRssRow(`${ctx.name}: history peak RSS`, ours.rssMB));
  rows.push(info(`${ctx.name}: history findings`, String(findingCount(out))));
  return rows;
}

/**
 * Working tree: `secretscan scan` vs a ripgrep pass over the rules' keywords (both honour .gitignore)
 * and, with `ctx.secretlint` (see secretlint.mjs), vs `secretlint "**\/*"`, all three alternated.
 */
export function realTreeSuite(ctx) {
  const out = join(ctx.outDir, "tree.json");
  const specs = new Map([
    ["ours", ["node", [ctx.cli, "scan", ctx.repo.dir, ...ctx.common, "-f", "json", "-o", out], FINDINGS]],
  ]);
  const rgArgs = ["-i", "-F", "-c", "--hidden", "-g", "!.git", "-f", ctx.keywordsFile, ctx.repo.dir];
  if (hasCommand("rg")) specs.set("rg", ["rg", rgArgs, { okStatus: [0, 1] }]);
  const secretlintOut = join(ctx.outDir, "tree-secretlint.txt");
  if (ctx.secretlint) specs.set("secretlint", secretlintSpec(ctx.secretlint, ctx.repo.dir, secretlintOut));
  ctx.log(`bench: ${ctx.name}: tree (${ctx.runs} run(s) each of ${[...specs.keys()].join(", ")})…`);
  const results = measureInterleaved([...specs.values()], ctx.runs, progress(ctx));
  const [ours, rg, secretlint] = ["ours", "rg", "secretlint"].map((key) => results[[...specs.keys()].indexOf(key)]);
  const { summary } = JSON.parse(readFileSync(out, "utf8"));
  return [
    ...(rg
      ? [
          ratioRow(`${ctx.name}: tree vs rg keywords`, ours, rg, "rg", 5),
          ...cpuRow(`${ctx.name}: tree CPU vs rg CPU`, ours, rg, "rg"),
        ]
      : [skipped(`${ctx.name}: tree vs rg`, `${sec(ours.ms)}; rg not installed (apt-get install ripgrep)`)]),
    ...(secretlint
      ? [
          speedupRow(`${ctx.name}: tree vs secretlint`, ours, secretlint, "secretlint", 10),
          ...cpuRow(`${ctx.name}: tree CPU vs secretlint CPU`, ours, secretlint, "secretlint"),
          info(`${ctx.name}: secretlint messages`, String(secretlintMessages(secretlintOut))),
        ]
      : [skipped(`${ctx.name}: tree vs secretlint`, SECRETLINT_SKIPPED)]),
    info(
      `${ctx.name}: tree findings`,
      String(findingCount(out)),
      `${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB scanned`,
    ),
  ];
}

/**
 * Staged: in a fresh `git clone --local` of the repository, one tracked file (the first package
 * manifest or README, else the first file) gets one line with a GitHub token and is staged;
 * `secretscan staged` end to end, median of 5, and the token must be found.
 */
export function realStagedSuite(ctx) {
  const clone = join(ctx.work, `${ctx.name}-staged`);
  rmSync(clone, { recursive: true, force: true });
  execFileSync("git", ["clone", "-q", "--local", ctx.repo.dir, clone]);
  const files = execFileSync("git", ["-C", clone, "ls-files"], { encoding: "utf8", maxBuffer: 1 << 28 })
    .split("\n")
    .filter(Boolean);
  const path =
    files.find((f) => /(^|\/)(package\.json|go\.mod|Cargo\.toml|pyproject\.toml|pom\.xml)$/.test(f)) ??
    files.find((f) => /README/i.test(f)) ??
    files[0];
  const leak = githubToken(createPrng(ctx.seed + 3));
  writeFileSync(join(clone, path), Buffer.concat([readFileSync(join(clone, path)), Buffer.from(leak.text)]));
  execFileSync("git", ["-C", clone, "add", "--", path]);
  const out = join(ctx.outDir, "staged.json");
  ctx.log(`bench: ${ctx.name}: staged (5 runs)…`);
  const ours = measure(
    "node",
    [ctx.cli, "staged", clone, ...ctx.common, "-f", "json", "-o", out],
    { ...FINDINGS, cwd: clone },
    5,
  );
  return [
    {
      metric: `${ctx.name}: staged, 1 file (median of 5)`,
      secretscan: msWithCpu(ours),
      reference: "",
      ratio: "",
      target: "≤ 300 ms",
      pass: ours.ms <= 300,
    },
    plantedRow(`${ctx.name}: staged: planted secret`, out, [{ hashes: leak.hashes }], ctx.log),
  ];
}
