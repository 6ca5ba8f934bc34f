import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCache, serializeCache } from "../../src/modes/historyCacheFile.js";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, TEST_CONFIG, TOKEN_A, TOKEN_B, TOKEN_C, tempDir, type GitRepo } from "../helpers/gitRepo.js";

let keyDir: string;
let config: string;

/** The test token rule and a rule for a multi-line key block, so findings do not depend on the built-in pack. */
const CONFIG = `${TEST_CONFIG}  - id: test-key
    name: Test private key
    description: A private key block (test rule).
    kind: private-key
    severity: critical
    confidence: high
    keywords: ['-----BEGIN TEST KEY-----']
    pattern: '-----BEGIN TEST KEY-----[A-Za-z0-9+/=\\s]{100,4000}?-----END TEST KEY-----'
    remediation: Revoke the key.
`;

beforeAll(() => {
  // The per-user key lives outside every repository; each test file gets its own.
  keyDir = tempDir("secretscan-xdg-");
  process.env.XDG_CACHE_HOME = keyDir;
  config = join(tempDir(), "secretscan.yaml");
  writeFileSync(config, CONFIG);
});

/** A fourth synthetic token, for the commit a repeat audit has to find. */
const TOKEN_D = "ghp_Z8kR3mW6pT1vN4xB9qL2sD7yH5jC0fG3aE6K";

/** A synthetic private key whose armour spans 26 lines: a match that starts on its first line and ends far below. */
const PRIVATE_KEY = [
  "-----BEGIN TEST KEY-----",
  ...Array.from(
    { length: 24 },
    (_, i) => `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW${i % 10}`,
  ),
  "-----END TEST KEY-----",
].join("\n");

/**
 * A 3,000-line settings file with matches on a few lines only: a token, a multi-line private
 * key, a base64-encoded token (found by decoding) and a token under an inline marker (suppressed).
 */
function settingsFile(): string {
  const lines = Array.from({ length: 3000 }, (_, i) => `setting_${i} = compute(${i})  # an ordinary line`);
  lines[1499] = `GITHUB_TOKEN = "${TOKEN_A}"`;
  lines[1999] = `DEPLOY_KEY = """\n${PRIVATE_KEY}\n"""`; // the key's armour starts on line 2001
  lines[2499] = `ENCODED = "${Buffer.from(`token=${TOKEN_B}`).toString("base64")}"`;
  lines[2799] = `SAMPLE = "${TOKEN_C}"  # secretscan:allow -- documented sample`;
  return `${lines.join("\n")}\n`;
}

function settingsRepo(): GitRepo {
  const repo = newRepo();
  repo.write("README.md", "# app\n").commit("start");
  repo.write("app/settings.py", settingsFile()).commit("settings");
  repo.write("app/other.py", "value = 1\n").commit("more");
  return repo;
}

const cacheFile = (repo: GitRepo) => join(repo.dir, ".git", "secretscan", "history.cache");

/** The JSON report of a `history` run under `CONFIG` (without its wall time); fails on exit 2. */
async function audit(repo: GitRepo, ...flags: string[]): Promise<any> {
  const run = await runMain(["history", repo.dir, "--config", config, "-f", "json", ...flags], tempDir());
  expect(run.code, run.stderr).toBeLessThan(2);
  const report = JSON.parse(run.stdout);
  delete report.summary.durationMs;
  return report;
}

// Each case runs history several times: minutes on a loaded machine, not a failure.
describe("history cache of blobs with matches", { timeout: 180_000 }, () => {
  it("a repeat reports what a full run does, under the suppression of the repeat, and the cache holds no secret", async () => {
    const repo = settingsRepo();
    const first = await audit(repo, "--show-suppressed");
    const lines = first.findings.map((finding: any) => `${finding.ruleId}:${finding.location.startLine}`).sort();
    expect(lines).toEqual(["test-ghp:1500", "test-ghp:2527", "test-ghp:2827", "test-key:2001"]);
    repo.write("app/new.env", `TOKEN=${TOKEN_D}\n`).commit("a new token");
    const ignoreFile = join(tempDir(), "ignore");
    const tokenA = first.findings.find((finding: any) => finding.location.startLine === 1500);
    writeFileSync(ignoreFile, `${tokenA.fingerprint}\n`);
    for (const flags of [["--show-suppressed"], ["--show-suppressed", "--ignore-file", ignoreFile]]) {
      const cached = await audit(repo, ...flags);
      expect(cached, flags.join(" ")).toEqual(await audit(repo, "--no-cache", ...flags));
      expect(cached.findings.map((finding: any) => finding.path)).toContain("app/new.env");
    }
    const text = readFileSync(cacheFile(repo), "utf8");
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D, Buffer.from(`token=${TOKEN_B}`).toString("base64")])
      expect(text).not.toContain(secret);
    expect(text).not.toContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
    expect(text).toContain(":1500;2001;2527;2827\n");
  });

  it("reads a blob with matches again only around the lines an earlier run found them on (a validly signed lie moves them)", async () => {
    const repo = settingsRepo();
    await audit(repo);
    const key = readFileSync(join(keyDir, "secretscan", "cache-key"));
    const settingsBlob = repo.git("rev-parse", "HEAD:app/settings.py").trim();
    const good = readFileSync(cacheFile(repo), "utf8");
    const header = JSON.parse(good.split("\n")[1] ?? "{}");
    const identity = { repository: header.repository, settings: header.settings };
    const parsed = parseCache(key, good, identity);
    if ("problem" in parsed) throw new Error(parsed.problem);
    const entry = parsed.blobs.get(settingsBlob);
    expect([...(entry?.matched.values() ?? [])]).toEqual([[1500, 2001, 2527, 2827]]);
    const signature = [...(entry?.matched.keys() ?? [])][0] as string;
    const claim = (lines: number[]) => {
      const blobs = new Map(parsed.blobs);
      blobs.set(settingsBlob, { ...(entry as NonNullable<typeof entry>), matched: new Map([[signature, lines]]) });
      writeFileSync(cacheFile(repo), serializeCache(key, identity, blobs, parsed.paths));
    };
    const lines = async () =>
      (await audit(repo, "--show-suppressed")).findings
        .filter((finding: any) => finding.path === "app/settings.py")
        .map((finding: any) => finding.location.startLine)
        .sort((a: number, b: number) => a - b);
    claim([1500]);
    expect(await lines()).toEqual([1500]);
    claim([10, 2001]);
    expect(await lines()).toEqual([2001]);
  });
});
