// bench/real-repeat.mjs — the repeat history audit on a real repository (issue 16: "a repeat history
// audit after one new commit ≤ 15% of the first, finding the new secret"). Works on a private
// `git clone --mirror` in the bench's scratch folder, so the repository measured is never written to.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runOnce, summarize } from "./measure.mjs";
import { createPrng } from "./prng.mjs";
import { cpuRow, info } from "./real-suites.mjs";
import { FINDINGS, plantedRow, sec } from "./suites.mjs";
import { githubToken } from "./secrets.mjs";

/** Where the new commit puts its secret: a path no repository of the bench has. */
const LEAK_PATH = "config/secretscan-bench-repeat.env";
const IDENTITY = { GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.invalid" };

const git = (dir, args, options = {}) =>
  execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28, ...options }).trim();

/**
 * Writes, without moving any ref, a commit on top of HEAD that adds `path` holding `text` (a
 * temporary index, so it works in a bare mirror). Returns the commit id.
 */
function commitFile(dir, path, text, indexFile) {
  const blob = git(dir, ["hash-object", "-w", "--stdin"], { input: text });
  const env = { ...process.env, GIT_INDEX_FILE: indexFile };
  git(dir, ["read-tree", "HEAD"], { env });
  git(dir, ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { env });
  const tree = git(dir, ["write-tree"], { env });
  rmSync(indexFile, { force: true });
  const committer = { GIT_COMMITTER_NAME: IDENTITY.GIT_AUTHOR_NAME, GIT_COMMITTER_EMAIL: IDENTITY.GIT_AUTHOR_EMAIL };
  return git(dir, ["commit-tree", tree, "-p", "HEAD", "-m", "Add deploy settings"], {
    env: { ...process.env, ...IDENTITY, ...committer },
  });
}

/**
 * What a report found, one line per finding occurrence, sorted: fingerprint, blob, path and the commit
 * that introduced it. Two runs report the same findings when these lists are equal.
 */
function findingKeys(reportFile) {
  return JSON.parse(readFileSync(reportFile, "utf8"))
    .findings.map((f) =>
      [f.fingerprint, f.provenance?.blobId ?? "", f.path ?? "", f.provenance?.introducedBy?.sha ?? ""].join(" "),
    )
    .sort();
}

/**
 * Per round, in turn: a first audit with a fresh `--cache-dir`; one new commit adding a GitHub token
 * (HEAD's branch moved onto it); the repeat audit with the same cache; a `--no-cache` audit of the
 * same refs. The ref is moved back and the cache removed before the next round, so every round is a
 * first audit followed by one repeat. Rows: repeat ÷ first (wall and CPU), the `--no-cache` time,
 * the new secret found, and the repeat report equal to the `--no-cache` one.
 */
export function realRepeatSuite(ctx) {
  const mirror = join(ctx.work, `${ctx.name}-repeat.git`);
  const cacheDir = join(ctx.work, `${ctx.name}-repeat-cache`);
  rmSync(mirror, { recursive: true, force: true });
  git(ctx.work, ["clone", "-q", "--mirror", ctx.repo.dir, mirror]);
  const head = git(mirror, ["rev-parse", "HEAD"]);
  const leak = githubToken(createPrng(ctx.seed + 5));
  const commit = commitFile(mirror, LEAK_PATH, leak.text, join(ctx.work, `${ctx.name}-repeat.index`));
  const out = (label) => join(ctx.outDir, `repeat-${label}.json`);
  const audit = (label, flags) => [
    "node",
    [ctx.cli, "history", mirror, ...ctx.common, "--no-progress", ...flags, "-f", "json", "-o", out(label)],
    FINDINGS,
  ];
  const cached = ["--cache-dir", cacheDir];
  const samples = { first: [], repeat: [], full: [] };
  const run = (label, flags) => {
    samples[label].push(runOnce(...audit(label, flags)));
    ctx.log(`  ${label} audit ${sec(samples[label].at(-1).ms)}`);
  };
  ctx.log(`bench: ${ctx.name}: repeat audit (${ctx.runs} round(s) of first audit, new commit, repeat, --no-cache)…`);
  for (let round = 0; round < ctx.runs; round++) {
    rmSync(cacheDir, { recursive: true, force: true });
    git(mirror, ["update-ref", "HEAD", head]);
    run("first", cached);
    git(mirror, ["update-ref", "HEAD", commit]);
    run("repeat", cached);
    run("full", ["--no-cache"]);
  }
  const [first, repeat, full] = [samples.first, samples.repeat, samples.full].map(summarize);
  rmSync(mirror, { recursive: true, force: true });
  return [
    repeatRow(`${ctx.name}: repeat audit after 1 commit vs first`, repeat, first),
    ...cpuRow(`${ctx.name}: repeat audit CPU vs first CPU`, repeat, first, "first audit"),
    info(`${ctx.name}: full audit after the commit (--no-cache)`, sec(full.ms)),
    plantedRow(`${ctx.name}: repeat audit: new secret`, out("repeat"), [{ hashes: leak.hashes }], ctx.log),
    sameRow(`${ctx.name}: repeat audit = --no-cache audit`, out("repeat"), out("full"), ctx.log),
  ];
}

/** Repeat wall time over the first audit's, passing at ≤ 15% (issue 16). */
function repeatRow(metric, repeat, first) {
  const ratio = repeat.ms / first.ms;
  return {
    metric,
    secretscan: sec(repeat.ms),
    reference: `${sec(first.ms)} (first audit, fresh --cache-dir)`,
    ratio: `${(ratio * 100).toFixed(0)}%`,
    target: "≤ 15%",
    pass: ratio <= 0.15,
  };
}

/** Whether the repeat (cached) audit reported exactly the findings of the `--no-cache` audit. */
function sameRow(metric, repeatFile, fullFile, warn) {
  const [repeat, full] = [findingKeys(repeatFile), findingKeys(fullFile)];
  const isSame = JSON.stringify(repeat) === JSON.stringify(full);
  if (!isSame) warn(`WARNING: ${metric}: ${repeat.length} findings against ${full.length}, not the same`);
  return {
    metric,
    secretscan: `${repeat.length} findings`,
    reference: `${full.length} findings (--no-cache)`,
    ratio: "",
    target: "same",
    pass: isSame,
  };
}
