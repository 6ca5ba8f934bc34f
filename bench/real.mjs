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
import { describeMachine } from "./measure.mjs";
import { renderTable } from "./table.mjs";

const SUITES = ["startup", "history", "tree", "staged"];
const SEED = 20240607;
const USAGE = `Usage: npm run bench -- --real DIR [--real DIR]... [--runs N] [--only ${SUITES.join("|")}]... [--work DIR]

  --real DIR  a git repository to measure (repeatable); a bare one gets the history suite only
  --runs N    runs per measurement; the median is reported (default 3; staged and startup always 5)
  --only S    run only suite S (repeatable or comma-separated): ${SUITES.join(", ")}
  --work DIR  scratch folder for reports and staged clones (default: $TMPDIR/secretscan-bench-real)
  --out FILE  where the table and notes go (default: bench/results-real.md)`;

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
  return { runs, only: new Set(only), repos, work: resolve(values.work), out: values.out && resolve(values.out) };
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
  const base = { cli, keywordsFile, log, seed: SEED, runs: options.runs, common, work: options.work };

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
    if (options.only.has("history")) rows.push(...realHistorySuite(ctx));
    if (repo.isBare) continue;
    if (options.only.has("tree")) rows.push(...realTreeSuite(ctx));
    if (options.only.has("staged")) rows.push(...realStagedSuite(ctx));
  }

  const table = renderTable(rows);
  console.log(table);
  notes.push(
    `- ${new Date().toISOString()}, medians of ${options.runs} run(s) (staged and start-up: 5), wall time including process start, commands alternated run by run; total ${elapsed()}`,
  );
  notes.push(...describeMachine("at the end").map((line) => `- ${line}`));
  const file = options.out ?? join(benchDir, "results-real.md");
  writeFileSync(file, `# secretscan bench results, real repositories\n\n${table}\n\n${notes.join("\n")}\n`);
  log(`bench: wrote ${file} (total ${elapsed()})`);
}
