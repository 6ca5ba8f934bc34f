#!/usr/bin/env node
/**
 * The false-positive corpus of real third-party code: installs the widely used npm packages listed in
 * scripts/fp-corpus-packages.txt into a scratch folder OUTSIDE the repository, then scans their
 * published files with the built CLI and lists every finding by rule, path and line (never the secret).
 * Not run in CI: it needs the npm registry and a few minutes.
 *
 *   node scripts/fp-corpus.mjs [--dir DIR] [--skip-install] [--json]
 *
 * DIR defaults to ../fp-npm beside the checkout. Packages are installed with --ignore-scripts, so no
 * code they ship runs here. Every finding is a candidate false positive to review: fix a real one by
 * improving the rule, never by excluding the path.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIST = join(ROOT, "scripts", "fp-corpus-packages.txt");

/** The package names in the list: one per line, `#` comments and blank lines skipped. */
export function readPackageList(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

function argValue(argv, flag, fallback) {
  const at = argv.indexOf(flag);
  return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
}

function install(dir, names) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json")))
    writeFileSync(join(dir, "package.json"), '{ "name": "fp-corpus", "private": true }\n');
  const args = [
    "install",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--no-save",
    "--legacy-peer-deps",
    "--loglevel=error",
    ...names,
  ];
  const run = spawnSync("npm", args, { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  if (run.status !== 0) throw new Error(`npm install exited ${run.status}`);
}

function scan(dir) {
  const cli = join(ROOT, "bin", "secretscan.js");
  const args = [cli, "scan", join(dir, "node_modules"), "--format", "json", "--no-config", "--no-gitignore"];
  const run = spawnSync("node", args, { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  if (run.status !== 0 && run.status !== 1) throw new Error(`secretscan exited ${run.status}`);
  return JSON.parse(run.stdout);
}

/** Counts per rule and one line per finding: rule, confidence, path:line. */
export function summarise(report) {
  const byRule = new Map();
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const lines = report.findings.map((f) => `${f.ruleId} (${f.confidence}) ${f.path}:${f.location.startLine}`).sort();
  return {
    files: report.summary.files,
    bytes: report.summary.bytes,
    findings: report.findings.length,
    byRule: Object.fromEntries([...byRule].sort((a, b) => b[1] - a[1])),
    lines,
  };
}

function main(argv) {
  const dir = resolve(argValue(argv, "--dir", join(ROOT, "..", "fp-npm")));
  if (!relative(ROOT, dir).startsWith("..")) throw new Error(`--dir must be outside the repository: ${dir}`);
  const names = readPackageList(readFileSync(LIST, "utf8"));
  if (!argv.includes("--skip-install")) install(dir, names);
  const summary = summarise(scan(dir));
  if (argv.includes("--json"))
    return void process.stdout.write(JSON.stringify({ packages: names.length, ...summary }, null, 2) + "\n");
  const out = [
    `${names.length} packages listed; scanned ${summary.files} files, ${summary.bytes} bytes: ${summary.findings} findings`,
  ];
  for (const [rule, n] of Object.entries(summary.byRule)) out.push(`  ${String(n).padStart(5)}  ${rule}`);
  out.push("", ...summary.lines);
  process.stdout.write(out.join("\n") + "\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fp-corpus: ${error.message}\n`);
    process.exitCode = 2;
  }
}
