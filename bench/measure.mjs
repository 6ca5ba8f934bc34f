// bench/measure.mjs — wall time, CPU time and peak RSS of child processes.
//
// Wall time: process.hrtime.bigint() around a synchronous spawn, so process start-up is included.
// Peak RSS and CPU time: the command runs under GNU time (`/usr/bin/time -f "%M %U %S" -o FILE`,
// Debian package `time`), which reports from wait4(2) the child's maximum resident set size in KiB
// and its user and system seconds, including those of the processes it waited for (secretscan's
// git children). Without GNU time both are reported as unavailable (Node cannot read
// RUSAGE_CHILDREN, so there is no portable fallback).
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cpus, loadavg, tmpdir } from "node:os";

const GNU_TIME = "/usr/bin/time";
const TIME_FORMAT = "%M %U %S";
const TIME_LINE = /^(\d+) (\d+\.\d+) (\d+\.\d+)\s*$/;

/** True when GNU time is installed and understands `-f %M` (BusyBox and BSD time do not all). */
export function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ["-f", TIME_FORMAT, "true"], { encoding: "utf8" });
  return probe.status === 0 && TIME_LINE.test(probe.stderr.trim().split("\n").pop() ?? "");
}

const withTime = hasGnuTime();
const rssFile = join(tmpdir(), `secretscan-bench-rss-${process.pid}.txt`);

/**
 * Runs `command args` once with stdout sent to `stdout` (a file path, default /dev/null).
 * Returns `{ ms, rssMB, cpuS, status }` (`rssMB` and `cpuS` null without GNU time); throws when
 * the exit status is not in `okStatus`.
 */
export function runOnce(command, args, { cwd, stdout = "/dev/null", okStatus = [0] } = {}) {
  const fd = openSync(stdout, "w");
  const [file, argv] = withTime ? [GNU_TIME, ["-f", TIME_FORMAT, "-o", rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, stdio: ["ignore", fd, "pipe"], maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  closeSync(fd);
  if (result.error) throw result.error;
  if (!okStatus.includes(result.status)) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.status}:\n${String(result.stderr).slice(-2000)}`,
    );
  }
  let rssMB = null;
  let cpuS = null;
  if (withTime) {
    const fields = TIME_LINE.exec(readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "");
    if (fields) [rssMB, cpuS] = [Number(fields[1]) / 1024, Number(fields[2]) + Number(fields[3])];
    rmSync(rssFile, { force: true });
  }
  return { ms, rssMB, cpuS, status: result.status };
}

/** Runs a command `runs` times; returns the median wall time and CPU time and the largest peak RSS seen. */
export function measure(command, args, options, runs) {
  return summarize(Array.from({ length: runs }, () => runOnce(command, args, options)));
}

/**
 * Runs several commands `runs` times each, taking turns (a b c a b c …), so that a machine whose
 * speed drifts during the bench slows every command alike and the ratios between them stay fair.
 * `specs` holds `[command, args, options]`; returns one `measure`-style result per spec.
 * `onSample(label, sample)` sees every run as it ends (a long bench can show progress).
 */
export function measureInterleaved(specs, runs, onSample = () => {}) {
  const samples = specs.map(() => []);
  for (let round = 0; round < runs; round++)
    specs.forEach(([command, args, options], i) => {
      samples[i].push(runOnce(command, args, options));
      onSample(`${command} ${args.slice(0, 3).join(" ")}…`, samples[i].at(-1));
    });
  return samples.map(summarize);
}

/**
 * `{ ms, cpuS, rssMB, samples }` of `runOnce` samples: median wall time and CPU time (null without GNU
 * time), largest peak RSS. Exported for suites that must set something up between the runs they alternate.
 */
export function summarize(samples) {
  const rss = samples.map((s) => s.rssMB).filter((v) => v !== null);
  const cpu = samples.map((s) => s.cpuS).filter((v) => v !== null);
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuS: cpu.length ? median(cpu) : null,
    rssMB: rss.length ? Math.max(...rss) : null,
    samples,
  };
}

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** True when `command` is on PATH. */
export function hasCommand(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * The machine a bench run measured, for the notes under its table: CPUs and load average (`when`:
 * "at start" or "at the end"), node, git and rg versions, and how peak RSS was read. A ratio means
 * little without the load it was taken under.
 */
export function describeMachine(when) {
  const version = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8" }).split("\n")[0].trim();
    } catch {
      return `${cmd}: not installed`;
    }
  };
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return [
    `${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), load average ${load} ${when}`,
    `node ${process.version}, ${version("git", ["--version"])}, ${version("rg", ["--version"])}`,
    `peak RSS via ${hasGnuTime() ? "GNU time (/usr/bin/time -f %M)" : "n/a (GNU time not installed)"}`,
  ];
}
