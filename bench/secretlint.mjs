// bench/secretlint.mjs — secretlint as an optional reference for the real-repository tree suite
// (issue 16: "a tree of real repositories … ≥ 10× faster than secretlint"). secretlint is never a
// dependency of this package: `--secretlint DIR` names a folder where someone ran
// `npm install secretlint @secretlint/secretlint-rule-preset-recommend`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runOnce } from "./measure.mjs";
import { createPrng } from "./prng.mjs";
import { awsKeyPair } from "./secrets.mjs";
import { sec } from "./suites.mjs";

/** How a tree suite row says secretlint was not measured. */
export const SECRETLINT_SKIPPED =
  "not run: pass --secretlint DIR, a folder with `npm install secretlint @secretlint/secretlint-rule-preset-recommend`";

const CONFIG = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] };

/**
 * Finds `DIR/node_modules/.bin/secretlint`, writes a config enabling the recommended preset to a
 * temporary folder, and checks that secretlint with it reports a planted AWS key pair: a run that
 * finds nothing (no rule loaded) would make the comparison meaningless. Returns `{ bin, config, version }`;
 * throws with the reason otherwise.
 */
export function prepareSecretlint(dir, seed) {
  const bin = join(resolve(dir), "node_modules", ".bin", "secretlint");
  if (!existsSync(bin)) throw new Error(`--secretlint: ${bin} not found (npm install secretlint in ${dir})`);
  const folder = mkdtempSync(join(tmpdir(), "secretscan-bench-secretlint-"));
  const config = join(folder, ".secretlintrc.json");
  writeFileSync(config, JSON.stringify(CONFIG));
  const probe = join(folder, "probe");
  mkdirSync(probe);
  writeFileSync(join(probe, "deploy.env"), awsKeyPair(createPrng(seed)).text);
  const out = join(folder, "probe.txt");
  const sample = runOnce(...secretlintSpec({ bin, config }, probe, out));
  if (secretlintMessages(out) === 0)
    throw new Error(
      `--secretlint: secretlint reported nothing on a planted AWS key (exit ${sample.status}); is the preset installed?`,
    );
  const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  return { bin, config, version };
}

/**
 * The timed command: `secretlint "**\/*"` run in `dir` (so it reads what a user would point it at),
 * compact format (one line per message) into `outFile`. Exit 1 means it found something.
 */
export function secretlintSpec({ bin, config }, dir, outFile) {
  return [
    bin,
    ["**/*", "--secretlintrc", config, "--format", "compact", "--no-color"],
    { cwd: dir, stdout: outFile, okStatus: [0, 1] },
  ];
}

/** Messages in a compact-format secretlint output: its non-empty lines but the "N problems" total. */
export function secretlintMessages(outFile) {
  return readFileSync(outFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() && !/^\d+ problems?$/.test(line.trim())).length;
}

/** How many times faster secretscan ran than `ref`, passing at ≥ `min` times. */
export function speedupRow(metric, ours, ref, refName, min) {
  const speedup = ref.ms / ours.ms;
  return {
    metric,
    secretscan: sec(ours.ms),
    reference: `${sec(ref.ms)} (${refName})`,
    ratio: `${speedup.toFixed(2)}× faster`,
    target: `≥ ${min}× faster`,
    pass: speedup >= min,
  };
}
