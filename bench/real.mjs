// bench/real.mjs — `npm run bench -- --real DIR...`: times secretscan on git repositories someone
// already has (real code, real history, real refs) against git and ripgrep on the same repositories,
// prints a Markdown table and writes it to bench/results-real.md. The synthetic corpora of run.mjs
// stay the correctness check (planted secrets); here only `staged` plants one. See bench/README.md.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeKeywordPatterns } from "./keywords.mjs";
import { describeRepository } from "./repository.mjs";
import { realHistorySuite, realStagedSuite, realTreeSuite, startupSuite } from "./real-suites.mjs";
import { realRepeatSuite } from "./real-repeat.mjs";
import { prepareSecretlint } from "./secretlint.mjs";
import { describeMachine } from "./measure.mjs";
import { renderTable } from "./table.mjs";

const SUITES = ["startup", "history", "repeat", "tree", "staged"];
const SEED = 20240607;
const USAGE = `Usage: npm run bench -- --real DIR [--real DIR]... [--runs N] [--only ${SUITES.join("|")}]... [--work DIR] [--secretlint DIR]

  --real DIR  a git repository to measure (repeatable); a bare one gets the history suites only, a
              folder that is not a repository (e.g. one holding several clones) the tree suite only
  --runs N    runs per measurement; the median is reported (default 3; staged and startup always 5)
  --only S    run only suite S (repeatable or comma-separated): ${SUITES.join(", ")}
  --work DIR  scratch folder for reports and staged clones (default: $TMPDIR/secretscan-bench-real)
  --out FILE  where the table and notes go (default: bench/results-real.md)
  --secretlint DIR  also time secretlint on each tree: DIR holds node_modules/.bin/secretlint and the
              recommended preset (npm install secretlint @secretlint/secretlint-rule-preset-recommend)`;

const log = (message) => process.stderr.write(`${message}\n`);

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      real: { type: "string", multiple: true, default: [] },
      runs: { type: "string", default: "3" },
      only: { type: "string", multiple: true },
      work: { type: "string", default: join(tmpdir(), "secretscan-bench-real") },
      out: { type: "string" },
      secretlint: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  const runs = Number(values.runs);
  const only = (values.only ?? SUITES).flatMap((s) => s.split(","));
  const unknown = only.filter((s) => !SUITES.includes(s));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  if (unknown.length) throw new Error(`--only: unknown suite ${unknown.join(", ")} (expected ${SUITES.join(", ")})`);
  const repos = values.real.map((dir) => resolve(dir));
  for (const dir of repos) if (!existsSync(dir)) throw new Error(`--real: ${dir} does not exist`);
  const secretlint = values.secretlint && resolve(values.secretlint);
  return {
    runs,
    only: new Set(only),
    repos,
    work: resolve(values.work),
    out: values.out && resolve(values.out),
    secretlint,
  };
}

/** Runs the real-repository suites; `argv` is the bench's command line (with `--real`). */
export async function runReal(argv) {
  const options = parseOptions(argv);
  if (options.help) return console.log(USAGE);
  if (options.repos.length === 0 && !(options.only.size === 1 && options.only.has("startup")))
    throw new Error(`no repository: pass --real DIR\n${USAGE}`);
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const repoRoot = dirname(benchDir);
  const cli = join(repoRoot, "bin", "secretscan.js");
  if (!existsSync(join(repoRoot, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  mkdirSync(options.work, { recursive: true });
  const keywordsFile = join(options.work, "keywords.txt");
  writeKeywordPatterns(repoRoot, cli, keywordsFile);
  const started = process.hrtime.bigint();
  const elapsed = () => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`;
  const common = ["--no-config"];
  const secretlint =
    options.secretlint && options.only.has("tree") ? prepareSecretlint(options.secretlint, SEED) : undefined;
  const base = { cli, keywordsFile, log, seed: SEED, runs: options.runs, common, work: options.work, secretlint };

  const rows = [];
  const notes = [];
  if (options.only.has("startup")) rows.push(...startupSuite(base));
  for (const dir of options.repos) {
    const repo = describeRepository(dir);
    const name = basename(dir);
    log(`bench: ${name}: ${repo.summary} (${elapsed()})`);
    notes.push(`- ${name}: ${repo.summary}`);
    const ctx = { ...base, repo, name, outDir: join(options.work, name) };
    mkdirSync(ctx.outDir, { recursive: true });
    const has = (suite) => options.only.has(suite) && repo.suites.includes(suite);
    if (has("history")) rows.push(...realHistorySuite(ctx));
    if (has("repeat")) rows.push(...realRepeatSuite(ctx));
    if (has("tree")) rows.push(...realTreeSuite(ctx));
    if (has("staged")) rows.push(...realStagedSuite(ctx));
  }

  const table = renderTable(rows);
  console.log(table);
  notes.push(
    `- ${new Date().toISOString()}, medians of ${options.runs} run(s) (staged and start-up: 5), wall time including process start, commands alternated run by run; total ${elapsed()}`,
  );
  notes.push(...describeMachine("at the end").map((line) => `- ${line}`));
  if (secretlint) notes.push(`- secretlint ${secretlint.version}, recommended preset`);
  const file = options.out ?? join(benchDir, "results-real.md");
  writeFileSync(file, `# secretscan bench results, real repositories\n\n${table}\n\n${notes.join("\n")}\n`);
  log(`bench: wrote ${file} (total ${elapsed()})`);
}
