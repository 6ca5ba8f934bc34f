import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isInShard } from "../../src/modes/shard.js";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, tempDir, writeTestConfig, type GitRepo } from "../helpers/gitRepo.js";
import { githubToken } from "../helpers/tokens.js";

const FORMATS = ["json", "text", "sarif", "csv", "html", "gitlab"] as const;
const SHARED = githubToken(900);
const IGNORED = githubToken(901);

let repo: GitRepo;
let config: string;
let ignoreFile: string;
let out: string;

/** The id git gives `content` as a blob. */
function blobIdOf(content: string): string {
  return execFileSync("git", ["hash-object", "--stdin"], { input: content, encoding: "utf8" }).trim();
}

/** The first of `make(0)`, `make(1)`, … whose blob falls in shard `index` of 2. */
function contentInShard(index: number, make: (n: number) => string): string {
  for (let n = 0; ; n++) if (isInShard({ index, count: 2 }, blobIdOf(make(n)))) return make(n);
}

/**
 * A history whose shards must be merged with care: one secret is at HEAD in a blob of shard 1 and
 * was committed earlier in a blob of shard 2 (its exposure depends on both shards); one finding is
 * suppressed by an inline marker; an ignore file holds one fingerprint a shard uses and one nobody
 * uses (stale in the whole run); and 24 files with secrets of their own spread over both shards.
 */
beforeAll(async () => {
  repo = newRepo();
  config = writeTestConfig(tempDir());
  out = tempDir();
  repo
    .write(
      "old/creds.env",
      contentInShard(2, (n) => `# draft ${n}\nTOKEN=${SHARED}\n`),
    )
    .commit("add creds");
  repo.remove("old/creds.env");
  repo.write(
    "app/creds.env",
    contentInShard(1, (n) => `# live ${n}\nTOKEN=${SHARED}\n`),
  );
  for (let i = 0; i < 24; i++) repo.write(`src/module${i}.py`, `API = "${githubToken(i)}"\n`);
  repo.write("docs/sample.md", `example ${githubToken(99)}  # secretscan:allow -- documented sample\n`);
  repo.write("ignored.txt", `T=${IGNORED}\n`);
  repo.commit("move creds and add modules");
  const single = await runMain(["history", repo.dir, "-c", config, "-f", "json"], out);
  const fingerprint = JSON.parse(single.stdout).findings.find((f: { path: string }) => f.path === "ignored.txt");
  ignoreFile = join(out, "ignore");
  writeFileSync(ignoreFile, `${fingerprint.fingerprint}\n${"0".repeat(32)}\n`);
});

/** Removes what differs between two runs of the same scan: wall times and report dates. */
function normalise(format: string, text: string): unknown {
  if (format === "json" || format === "sarif" || format === "gitlab") {
    return JSON.parse(text, (key, value) =>
      key === "durationMs" || key === "start_time" || key === "end_time" ? 0 : value,
    );
  }
  return text.replace(/\d+(\.\d)? m?s\b/g, "<duration>");
}

/** Runs `command` whole, then as shards 1/2 and 2/2 merged, in `format`; returns both reports. */
async function singleAndMerged(command: string, format: string, extra: string[] = []) {
  const flags = [repo.dir, "-c", config, "--ignore-file", ignoreFile, ...extra];
  const single = await runMain([command, ...flags, "-f", format], out);
  const shards = [1, 2].map((index) => join(out, `${command}-${index}.json`));
  for (const [index, file] of shards.entries()) {
    const run = await runMain([command, ...flags, "--shard", `${index + 1}/2`, "-f", "json", "-o", file], out);
    expect(run.stderr).toBe("");
  }
  const merged = await runMain(
    ["merge", ...shards, "-f", format, ...extra.filter((f) => f === "--show-suppressed")],
    out,
  );
  return { single, merged, shards };
}

describe.each(["scan", "history"])("%s --shard 1/2 and 2/2, merged", (command) => {
  it.each(FORMATS)("give the single run's %s report, field by field", async (format) => {
    const { single, merged } = await singleAndMerged(command, format);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(single.code);
    expect(single.code).toBe(1);
    expect(normalise(format, merged.stdout)).toEqual(normalise(format, single.stdout));
  });

  it("split the work: each shard scans part of the bytes and the shards add up to the whole", async () => {
    const { single, shards } = await singleAndMerged(command, "json");
    const whole = JSON.parse(single.stdout).summary;
    const parts = shards.map((file) => JSON.parse(readFileSync(file, "utf8")).summary);
    for (const part of parts) expect(part.bytes).toBeLessThan(whole.bytes);
    expect(parts[0].bytes + parts[1].bytes).toBe(whole.bytes);
    expect(parts[0].findings + parts[1].findings).toBe(whole.findings);
  });

  it("keeps suppressed findings and stale hints as the single run has them", async () => {
    const { single, merged } = await singleAndMerged(command, "json", ["--show-suppressed"]);
    const report = JSON.parse(merged.stdout);
    expect(report.findings.filter((f: { suppressed?: unknown }) => f.suppressed)).toHaveLength(2);
    expect(report.hints.filter((h: { code: string }) => h.code === "stale-ignore-entry")).toHaveLength(1);
    expect(normalise("json", merged.stdout)).toEqual(normalise("json", single.stdout));
  });
});

describe("history shards: a secret at HEAD in one shard and in an old blob in the other", () => {
  it("is one secret at HEAD with both occurrences live, as in the single run", async () => {
    const { merged, shards } = await singleAndMerged("history", "json");
    const shard2 = JSON.parse(readFileSync(shards[1] as string, "utf8"));
    const old = shard2.findings.find((f: { path: string }) => f.path === "old/creds.env");
    expect(old.provenance.presentAtHead).toBe(false); // shard 2 alone cannot know
    const secret = JSON.parse(merged.stdout).secrets.find((s: { paths: string[] }) =>
      s.paths.includes("old/creds.env"),
    );
    expect(secret.state).toBe("at-head");
    expect(secret.paths).toEqual(["app/creds.env", "old/creds.env"]);
    const findings = JSON.parse(merged.stdout).findings.filter((f: { path: string }) => f.path.endsWith("creds.env"));
    expect(findings.map((f: { provenance: { presentAtHead: boolean } }) => f.provenance.presentAtHead)).toEqual([
      true,
      true,
    ]);
  });
});

describe("--shard I/N is checked before any work", () => {
  it.each([
    ["0/2", /shards count from 1 .*did you mean 1\/2\?/],
    ["3/2", /I must be at most N .*did you mean 2\/3\?/],
    ["1:2", /takes I\/N, shard I of N \(got "1:2"; did you mean 1\/2\?\)/],
    ["2", /takes I\/N, shard I of N \(got "2"\)/],
    ["1/0", /N must be from 1 to 1000/],
    ["x/y", /takes I\/N/],
  ])("--shard %s exits 2 with one line", async (value, message) => {
    for (const command of ["scan", "history"]) {
      const run = await runMain([command, repo.dir, "--shard", value], out);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toMatch(message);
    }
  });

  it("a mistyped --shard gets a did-you-mean", async () => {
    const run = await runMain(["scan", repo.dir, "--shards", "1/2"], out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("did you mean --shard?");
  });

  it("cannot split standard input", async () => {
    const run = await runMain(["scan", "-", "--shard", "1/2"], out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot split standard input/);
  });
});

describe("secretscan merge refuses reports that are not the shards of one run", () => {
  /** Writes the shard report of `args` to a new file and returns its path. */
  async function shardReport(name: string, args: string[]): Promise<string> {
    const file = join(out, `${name}.json`);
    const run = await runMain([...args, "-f", "json", "-o", file], out);
    expect(run.code, run.stderr).toBeLessThan(2);
    return file;
  }

  /** Runs merge and checks it failed with exactly one line on stderr; returns that line. */
  async function mergeFails(files: string[], flags: string[] = []): Promise<string> {
    const run = await runMain(["merge", ...files, ...flags], out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    return lines[0] as string;
  }

  let first: string;
  let second: string;
  beforeAll(async () => {
    first = await shardReport("h1", ["history", repo.dir, "-c", config, "--shard", "1/2"]);
    second = await shardReport("h2", ["history", repo.dir, "-c", config, "--shard", "2/2"]);
  });

  it("a missing shard", async () => {
    expect(await mergeFails([first])).toMatch(/shard 2\/2 missing/);
  });

  it("a shard given twice", async () => {
    expect(await mergeFails([first, first, second])).toMatch(/shard 1\/2 is given twice/);
  });

  it("another shard count", async () => {
    const third = await shardReport("h3of3", ["history", repo.dir, "-c", config, "--shard", "3/3"]);
    expect(await mergeFails([first, third])).toMatch(/different shard counts \(2, 3\)/);
  });

  it("another rule set", async () => {
    const builtin = await shardReport("h2-builtin", ["history", repo.dir, "--no-config", "--shard", "2/2"]);
    expect(await mergeFails([first, builtin])).toMatch(/different rule sets/);
  });

  it("another repository", async () => {
    const other = newRepo();
    other.write("a.txt", "nothing\n").commit("init");
    const elsewhere = await shardReport("other-2", ["history", other.dir, "-c", config, "--shard", "2/2"]);
    expect(await mergeFails([first, elsewhere])).toMatch(/different repositories or revisions/);
  });

  it("other settings, another command", async () => {
    const since = await shardReport("h2-since", [
      "history",
      repo.dir,
      "-c",
      config,
      "--since",
      "2020-01-01",
      "--shard",
      "2/2",
    ]);
    expect(await mergeFails([first, since])).toMatch(/different settings/);
    const tree = await shardReport("s2", ["scan", repo.dir, "-c", config, "--shard", "2/2"]);
    expect(await mergeFails([first, tree])).toMatch(/different commands \(history, scan\)/);
  });

  it("another version", async () => {
    const edited = join(out, "h2-version.json");
    const report = JSON.parse(readFileSync(second, "utf8"));
    writeFileSync(edited, JSON.stringify({ ...report, tool: { ...report.tool, version: "0.0.1" } }));
    expect(await mergeFails([first, edited])).toMatch(/different secretscan versions/);
  });

  it("a report that is not a shard's, a file that is not JSON, no file at all", async () => {
    const whole = await shardReport("whole", ["history", repo.dir, "-c", config]);
    expect(await mergeFails([first, whole])).toMatch(/whole\.json: not a shard report/);
    const text = join(out, "report.txt");
    writeFileSync(text, "not json\n");
    expect(await mergeFails([first, text])).toMatch(/report\.txt: not a JSON report/);
    expect(await mergeFails([first, join(out, "absent.json")])).toMatch(/absent\.json: no such file/);
  });

  it("--no-redact over reports written redacted", async () => {
    expect(await mergeFails([first, second], ["--no-redact"])).toMatch(
      /written redacted; run the shards with --no-redact/,
    );
  });

  it("no reports at all is a usage error", async () => {
    const run = await runMain(["merge"], out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/merge takes the JSON reports of every shard/);
  });
});
