// bench/shards.mjs — `node bench/shards.mjs [--time] [--runs N] DIR...`: how `--shard I/2` splits the
// work on real repositories (bytes each shard scans, tree and history) and, with --time, the
// wall-clock speed-up of two shard processes run side by side over one unsplit run, alternating
// the two. Checks every time that the merged shards give the unsplit run's fingerprints. Prints a
// Markdown table on stdout. Needs `npm run build`. See bench/README.md.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const BIN = fileURLToPath(new URL("../bin/secretscan.js", import.meta.url));
const { values, positionals } = parseArgs({
  options: { time: { type: "boolean" }, runs: { type: "string", default: "1" } },
  allowPositionals: true,
});
const work = mkdtempSync(join(tmpdir(), "secretscan-shards-"));
const log = (message) => process.stderr.write(`${message}\n`);

const GNU_TIME = "/usr/bin/time";
const hasTime = existsSync(GNU_TIME);

/**
 * Runs the CLI; resolves to its wall time and (under GNU time, git children included) CPU time in
 * seconds, CPU NaN without GNU time. Exit 0 or 1 is success, and the report must have been written.
 */
function secretscan(args, report) {
  const timeFile = `${report}.time`;
  const argv = [BIN, ...args, "--no-progress"];
  const [file, fileArgs] = hasTime
    ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, process.execPath, ...argv]]
    : [process.execPath, argv];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(file, fileArgs, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (data) => (stderr += data));
    child.on("close", (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if ((code !== 0 && code !== 1) || !existsSync(report))
        return reject(new Error(`secretscan ${args.join(" ")}: exit ${code}: ${stderr}`));
      const [user, system] = hasTime
        ? readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number)
        : [Number.NaN, 0];
      resolve({ wall, cpu: user + system });
    });
  });
}

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const fingerprints = (file) =>
  readJson(file)
    .findings.map((finding) => `${finding.fingerprint} ${finding.provenance.blobId ?? ""}`)
    .sort();
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** One repository and command: shard bytes, merged fingerprints equal to the unsplit run, and timings. */
async function measure(dir, command) {
  const name = `${basename(dir)}-${command}`;
  const shardFiles = [1, 2].map((index) => join(work, `${name}-${index}.json`));
  const single = join(work, `${name}.json`);
  const merged = join(work, `${name}-merged.json`);
  const shardRun = () =>
    Promise.all(
      shardFiles.map((file, i) => secretscan([command, dir, "--shard", `${i + 1}/2`, "-f", "json", "-o", file], file)),
    );
  const singles = [];
  const pairs = [];
  for (let run = 0; run < Number(values.runs); run++) {
    rmSync(single, { force: true });
    singles.push(await secretscan([command, dir, "-f", "json", "-o", single], single));
    for (const file of shardFiles) rmSync(file, { force: true });
    const started = process.hrtime.bigint();
    const [first, second] = await shardRun();
    pairs.push({ wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: first.cpu + second.cpu });
  }
  await secretscan(["merge", ...shardFiles, "-f", "json", "-o", merged], merged);
  const bytes = shardFiles.map((file) => readJson(file).summary.bytes);
  const total = readJson(single).summary.bytes;
  const isEqual = JSON.stringify(fingerprints(merged)) === JSON.stringify(fingerprints(single));
  return {
    name,
    total,
    shares: bytes.map((b) => b / total),
    sumMatches: bytes[0] + bytes[1] === total,
    isEqual,
    findings: readJson(single).findings.length,
    single: median(singles.map((run) => run.wall)),
    sharded: median(pairs.map((run) => run.wall)),
    singleCpu: median(singles.map((run) => run.cpu)),
    shardedCpu: median(pairs.map((run) => run.cpu)),
  };
}

const percent = (share) => `${(share * 100).toFixed(1)}%`;
console.log(`${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at the start; runs: ${values.runs}\n`);
console.log(
  "| repository, command | MB scanned | shard 1/2 | shard 2/2 | findings | merged = single | single run: wall (CPU s) | 2 shards side by side: wall (CPU s, both) | speed-up |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const dir of positionals) {
  const isBare =
    execFileSync("git", ["-C", dir, "rev-parse", "--is-bare-repository"], { encoding: "utf8" }).trim() === "true";
  for (const command of isBare ? ["history"] : ["scan", "history"]) {
    log(`${basename(dir)} ${command}…`);
    const row = await measure(dir, command);
    console.log(
      `| ${row.name} | ${(row.total / 1e6).toFixed(1)} | ${percent(row.shares[0])} | ${percent(row.shares[1])} | ${row.findings} | ${row.isEqual && row.sumMatches ? "yes" : "NO"} | ${row.single.toFixed(2)} s (${row.singleCpu.toFixed(1)}) | ${row.sharded.toFixed(2)} s (${row.shardedCpu.toFixed(1)}) | ${(row.single / row.sharded).toFixed(2)}× |`,
    );
  }
}
