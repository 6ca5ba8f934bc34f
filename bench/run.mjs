#!/usr/bin/env node
// bench/run.mjs — `npm run bench`: builds (or reuses) the corpora, times secretscan against
// ripgrep and git on them, prints a Markdown table and writes it to bench/results.md
// (bench/results-small.md with --small). Not part of `npm test`; see bench/README.md.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildTree } from "./corpus.mjs";
import { buildHistory } from "./history.mjs";
import { runReal } from "./real.mjs";
import { writeKeywordPatterns } from "./keywords.mjs";
import { describeMachine } from "./measure.mjs";
import { historySuite, prepareOutput, stagedSuite, threadsSuite, treeSuite } from "./suites.mjs";
import { renderTable } from "./table.mjs";

const SUITES = ["tree", "history", "staged", "threads"];
const SEED = 20240607;
const SECRETS = { github: 50, aws: 50, pem: 20 };
const SIZES = {
  full: {
    dir: ".corpus",
    tree: { minBytes: 200e6, minFiles: 15000 },
    history: { minCommits: 20000, minBlobBytes: 300e6 },
  },
  small: {
    dir: ".corpus-small",
    tree: { minBytes: 20e6, minFiles: 1500 },
    history: { minCommits: 2000, minBlobBytes: 30e6 },
  },
};
const USAGE = `Usage: npm run bench -- [--runs N] [--only ${SUITES.join("|")}]... [--small]

  --runs N   runs per measurement; the median is reported (default 3; staged always uses 5)
  --only S   run only suite S (repeatable or comma-separated): ${SUITES.join(", ")}
  --small    a ~10× smaller corpus in bench/.corpus-small/ for a quick smoke run

With --real DIR, measures existing git repositories instead (npm run bench -- --real DIR --help).`;

const log = (message) => process.stderr.write(`${message}\n`);

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: "string", default: "3" },
      only: { type: "string", multiple: true },
      small: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  const runs = Number(values.runs);
  const only = (values.only ?? SUITES).flatMap((s) => s.split(","));
  const unknown = only.filter((s) => !SUITES.includes(s));
  if (values.help) return { help: true };
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  if (unknown.length) throw new Error(`--only: unknown suite ${unknown.join(", ")} (expected ${SUITES.join(", ")})`);
  return { runs, only: new Set(only), small: values.small };
}

/** The top-level commands `secretscan --help` lists. */
function availableCommands(cli) {
  const help = execFileSync("node", [cli, "--help"], { encoding: "utf8" });
  return new Set([...help.matchAll(/^ {2}([a-z-]+)\s/gm)].map((m) => m[1]));
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.some((arg) => arg === "--real" || arg.startsWith("--real="))) return runReal(argv);
  const options = parseOptions(argv);
  if (options.help) return console.log(USAGE);
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const repoRoot = dirname(benchDir);
  const cli = join(repoRoot, "bin", "secretscan.js");
  if (!existsSync(join(repoRoot, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const size = SIZES[options.small ? "small" : "full"];
  const root = join(benchDir, size.dir);
  mkdirSync(root, { recursive: true });
  const commands = availableCommands(cli);
  const needsHistory = ["history", "staged", "threads"].some((s) => options.only.has(s));

  const started = process.hrtime.bigint();
  const elapsed = () => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`;
  log(`corpus: building or reusing ${root}`);
  const tree = buildTree(
    root,
    join(repoRoot, "node_modules"),
    { seed: SEED, maxFileBytes: 2 * 1024 * 1024, secrets: SECRETS, ...size.tree },
    log,
  );
  log(
    `corpus: tree ${tree.reused ? "reused" : "built"}: ${tree.files.length} files, ${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.planted.length} planted secrets (${elapsed()})`,
  );
  let history;
  if (needsHistory) {
    const params = {
      seed: SEED,
      addBatch: 10,
      maxEditFileBytes: 256 * 1024,
      leaks: 10,
      leakLifetime: 25,
      ...size.history,
    };
    history = await buildHistory(root, tree, params, log);
    log(
      `corpus: history ${history.reused ? "reused" : "built"}: ${history.commits} commits, ${history.blobs} blobs, ${(history.blobBytes / 1e6).toFixed(1)} MB of blobs, pack ${(history.packBytes / 1e6).toFixed(1)} MB (${elapsed()})`,
    );
    for (const [what, have, want] of [
      ["commits", history.commits, size.history.minCommits],
      ["blob bytes", history.blobBytes, size.history.minBlobBytes],
    ]) {
      if (have < want) log(`WARNING: history has ${have} ${what}, below the target ${want}`);
    }
  }
  const corpusTime = elapsed();
  log(`corpus: ready in ${corpusTime}`);

  const keywordsFile = join(root, "keywords.txt");
  const keywords = writeKeywordPatterns(repoRoot, cli, keywordsFile);
  if (keywords.rulesWithoutKeywords.length)
    log(`note: rules without keywords (rg cannot prefilter them): ${keywords.rulesWithoutKeywords.join(", ")}`);
  const { outDir, ignoreFile } = prepareOutput(root);
  const ctx = {
    cli,
    root,
    tree,
    history,
    commands,
    outDir,
    keywordsFile,
    log,
    seed: SEED,
    runs: options.runs,
    common: ["--no-config", "--ignore-file", ignoreFile],
  };
  const suites = { tree: treeSuite, history: historySuite, staged: stagedSuite, threads: threadsSuite };
  const rows = [];
  for (const name of SUITES.filter((s) => options.only.has(s))) {
    log(`bench: ${name} (${options.runs} run(s) each)…`);
    rows.push(...suites[name](ctx));
  }

  const table = renderTable(rows);
  console.log(table);
  const corpus = [`tree ${tree.files.length} files, ${(tree.bytes / 1e6).toFixed(1)} MB`];
  if (history)
    corpus.push(
      `history ${history.commits} commits, ${history.blobs} blobs, ${(history.blobBytes / 1e6).toFixed(1)} MB of blobs`,
    );
  const notes = [
    `- ${new Date().toISOString()}, ${options.small ? "small" : "full"} corpus (${corpus.join("; ")}), corpus ready in ${corpusTime}`,
    `- medians of ${options.runs} run(s) (staged: 5), wall time including process start; ${keywords.keywords} rg keywords from ${keywords.rules} rules`,
    ...describeMachine("at start").map((line) => `- ${line}`),
  ];
  const file = join(benchDir, options.small ? "results-small.md" : "results.md");
  writeFileSync(file, `# secretscan bench results\n\n${table}\n\n${notes.join("\n")}\n`);
  log(`bench: wrote ${file} (total ${elapsed()})`);
}

main().catch((error) => {
  log(`bench: ${error.message}`);
  process.exitCode = 2;
});
