// bench/profile.mjs — where a secretscan run spends its CPU: reads the V8 profiles that
// `node --cpu-prof --cpu-prof-dir DIR bin/secretscan.js …` writes (one per thread) and prints, per
// profile, the self time by source file and the functions with the most self time. Samples are taken
// on a wall clock, so on a busy machine a thread's time includes waiting for a CPU; shares of the
// not-idle time are still its best guide.
// Usage: node bench/profile.mjs DIR [--top N] [--callers FUNCTION]  (--callers: where FUNCTION's time came from)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

/** A key short enough for one line: a RegExp frame is named after its whole pattern. */
const shorten = (key) => (key.length > 120 ? `${key.slice(0, 119)}…` : key);

/** Self time in ms per profile node id, from the sample stream (timeDeltas are µs between samples). */
function selfTimes(profile) {
  const ms = new Map();
  for (const [i, id] of profile.samples.entries()) ms.set(id, (ms.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  return ms;
}

/** A short place for a call frame: the path below src/ or dist/ (else the last two segments), or the V8 category. */
function place(frame) {
  if (!frame.url) return `(${frame.functionName || "native"})`;
  const url = frame.url.replace(/^file:\/\//, "");
  const inProject = /\/(?:dist|src)\/(.*)$/.exec(url);
  return inProject ? inProject[1] : url.split("/").slice(-2).join("/");
}

/** Sums a profile's self time by key; returns `[key, ms]` sorted by time, largest first. */
function totals(profile, keyOf) {
  const self = selfTimes(profile);
  const sums = new Map();
  for (const node of profile.nodes) {
    const key = keyOf(node.callFrame);
    sums.set(key, (sums.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/** The call stacks (up to `depth` callers) under which `name` spent its self time, largest first. */
function callersOf(profile, name, depth) {
  const self = selfTimes(profile);
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const stacks = new Map();
  for (const node of profile.nodes.filter((n) => n.callFrame.functionName === name)) {
    const frames = [];
    for (let up = parent.get(node.id); up && frames.length < depth; up = parent.get(up.id)) {
      frames.push(
        `${up.callFrame.functionName || "(anonymous)"} ${place(up.callFrame)}:${up.callFrame.lineNumber + 1}`,
      );
    }
    const key = frames.join(" < ");
    stacks.set(key, (stacks.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  return [...stacks].sort((a, b) => b[1] - a[1]);
}

function report(file, profile, top, callers) {
  const total = (profile.endTime - profile.startTime) / 1000;
  const idle = totals(profile, (frame) => frame.functionName === "(idle)").find(([isIdle]) => isIdle)?.[1] ?? 0;
  const busy = total - idle;
  const line = ([key, ms]) =>
    `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${shorten(key)}`;
  console.log(`${file}: ${total.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms not idle (the percentages' base)`);
  console.log(" by file:");
  const busyOnly = (entries) => entries.filter(([key]) => !key.includes("(idle)")).slice(0, top);
  for (const entry of busyOnly(totals(profile, place))) console.log(line(entry));
  console.log(" by function:");
  const fn = (frame) => `${frame.functionName || "(anonymous)"} ${place(frame)}:${frame.lineNumber + 1}`;
  for (const entry of busyOnly(totals(profile, fn))) console.log(line(entry));
  if (!callers) return;
  console.log(` ${callers} called from:`);
  for (const entry of callersOf(profile, callers, 6).slice(0, 5)) console.log(line(entry));
}

/**
 * The worker threads (every profile after the main thread's, which Node writes first) as one: the
 * detection work is spread over them, so its costs read best summed.
 */
function reportCombined(profiles, top) {
  const sums = new Map();
  let busy = 0;
  for (const profile of profiles) {
    for (const [key, ms] of totals(profile, (frame) => `${frame.functionName || "(anonymous)"} ${place(frame)}`)) {
      if (key.startsWith("(idle)")) continue;
      sums.set(key, (sums.get(key) ?? 0) + ms);
      busy += ms;
    }
  }
  console.log(`${profiles.length} worker threads combined: ${busy.toFixed(0)} ms not idle`);
  for (const [key, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${shorten(key)}`);
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "15" }, callers: { type: "string" } },
});
if (positionals.length !== 1) {
  console.error(
    "Usage: node bench/profile.mjs DIR [--top N] [--callers FUNCTION]   (DIR holds the .cpuprofile files of one run)",
  );
  process.exitCode = 2;
} else {
  const names = readdirSync(positionals[0])
    .filter((n) => n.endsWith(".cpuprofile"))
    .sort();
  const profiles = names.map((name) => JSON.parse(readFileSync(join(positionals[0], name), "utf8")));
  names.forEach((name, i) => {
    report(name, profiles[i], Number(values.top), values.callers);
  });
  if (profiles.length > 2) reportCombined(profiles.slice(1), Number(values.top));
}
