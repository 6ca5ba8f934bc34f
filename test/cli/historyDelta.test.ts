import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { newRepo, tempDir, type GitRepo } from "../helpers/gitRepo.js";
import { awsAccessKeyId, awsSecretKey, githubToken, pemPrivateKey, randomString } from "../helpers/tokens.js";

/**
 * `history` reads a blob that modifies an earlier one only around what changed and carries the
 * earlier version's findings elsewhere: its report must be the report of reading every blob whole
 * (`--whole-blobs`), finding for finding, line for line, commit for commit.
 */
interface Report {
  findings: Array<{
    ruleId: string;
    fingerprint: string;
    path: string;
    location: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    provenance?: { blobId?: string; introducedBy?: { sha: string } };
  }>;
  secrets: unknown[];
  stats: { blobs: number; bytes: number };
}

/** Filler code: enough lines that a change near one end leaves most of the file unchanged. */
function filler(seed: number, lines: number): string {
  return Array.from(
    { length: lines },
    (_, i) => `const value${seed}_${i} = compute("${randomString(seed * 1000 + i, 24)}");`,
  ).join("\n");
}

let repo: GitRepo;

beforeAll(() => {
  repo = newRepo();
  const top = githubToken(4101);
  const bottom = githubToken(4102);
  const pem = pemPrivateKey(4103);
  const pair = `aws_access_key_id = ${awsAccessKeyId(4104)}\naws_secret_access_key = ${awsSecretKey(4105)}\n`;
  const head = `const GITHUB_TOKEN = "${top}";\n${filler(1, 300)}\n`;
  const tail = `${filler(2, 300)}\nconst BACKUP_TOKEN = "${bottom}";\n`;
  // v1: secrets at the top and bottom, a key and an AWS pair in the middle.
  repo.write("app.js", `${head}${filler(3, 40)}\n${pem}${pair}${tail}`);
  repo.commit("v1");
  // v2: a line appended in the middle: top carried as is, bottom carried shifted, middle rescanned.
  repo.write("app.js", `${head}${filler(3, 40)}\nconst added = 1;\n${pem}${pair}${tail}`);
  repo.commit("v2");
  // v3: one line inside the PEM body changed: the whole block must be read again.
  const changedPem = pem.replace(/\n(.{10})/, "\nAAAAAAAAAA");
  repo.write("app.js", `${head}${filler(3, 40)}\nconst added = 1;\n${changedPem}${pair}${tail}`);
  repo.commit("v3");
  // v4: a new token near the top edge, and the bottom token removed.
  repo.write(
    "app.js",
    `${head}const NEW_TOKEN = "${githubToken(4106)}";\n${filler(3, 40)}\nconst added = 1;\n${changedPem}${pair}${filler(2, 300)}\n`,
  );
  repo.commit("v4");
  // v5 on a branch: the AWS pair split by an inserted line; main goes on with a small edit.
  repo.git("checkout", "-q", "-b", "split");
  repo.write(
    "app.js",
    `${head}${filler(3, 40)}\nconst added = 1;\n${changedPem}aws_access_key_id = ${awsAccessKeyId(4104)}\n// rotated\naws_secret_access_key = ${awsSecretKey(4105)}\n${filler(2, 300)}\n`,
  );
  repo.commit("v5");
  repo.git("checkout", "-q", "main");
  repo.write("app.js", `${head}${filler(3, 41)}\nconst added = 1;\n${changedPem}${pair}${filler(2, 300)}\n`);
  // A key block completed by a later commit, and a client secret whose GitHub context is lines above
  // the line that adds it: the window must reach the block's first line and the context.
  const openBlock = pemPrivateKey(4107).replace(/-----END[^\n]*\n$/, "");
  const widget = "var gitalk = new Gitalk({\n  clientID: 'b8cefdec8cd4072cdc28',\n  repo: 'blog-comments',\n";
  repo.write("blog.js", `${filler(4, 250)}\n${openBlock}${filler(5, 5)}\n${widget}});\n${filler(6, 250)}\n`);
  repo.commit("v6");
  const secret = randomString(4108, 40, "0123456789abcdef");
  repo.write(
    "blog.js",
    `${filler(4, 250)}\n${openBlock}-----END RSA PRIVATE KEY-----\n${filler(5, 5)}\n${widget}  clientSecret: '${secret}',\n});\n${filler(6, 250)}\n`,
  );
  repo.commit("v7");
  // A match that starts on an unchanged line (the user name) and ends on the new one (the password).
  const notes = (password: string) =>
    `${filler(7, 400)}\n[ReportingPortal]\nUsername=svc-reports\n${password}${filler(8, 400)}\n`;
  repo.write("notes.ini", notes(""));
  repo.commit("v8");
  repo.write("notes.ini", notes(`Password=${randomString(4109, 14)}\n`));
  repo.commit("v9");
  // A rule whose match starts lines above the secret (Spring's datasource block), the secret added below it.
  const yaml = (password: string) =>
    `${filler(9, 400).replace(/^/gm, "# ")}\nspring:\n  datasource:\n    url: jdbc:postgresql://db.internal:5432/inventory\n    username: inventory\n${password}${filler(10, 400).replace(/^/gm, "# ")}\n`;
  repo.write("application.yml", yaml(""));
  repo.commit("v10");
  repo.write("application.yml", yaml(`    password: ${randomString(4110, 18)}\n`));
  repo.commit("v11");
  // Then only the context above that secret changes, so that the rule no longer applies: the
  // unchanged secret line must be judged again, not carried.
  repo.write(
    "application.yml",
    yaml(`    password: ${randomString(4110, 18)}\n`).replace("  datasource:\n", "  datasource-disabled:\n"),
  );
  repo.commit("v12");
});

function historyReport(...flags: string[]): Report {
  const run = runCli(["history", ".", "--no-config", "--no-cache", "-f", "json", ...flags], repo.dir);
  expect(run.status, run.stderr).toBe(1);
  return JSON.parse(run.stdout) as Report;
}

const keyOf = (finding: Report["findings"][number]) =>
  [
    finding.ruleId,
    finding.fingerprint,
    finding.path,
    JSON.stringify(finding.location),
    finding.provenance?.blobId,
    finding.provenance?.introducedBy?.sha,
  ].join("|");

describe("history delta scans", () => {
  it("give exactly the findings and secrets of reading every blob whole", () => {
    const delta = historyReport();
    const whole = historyReport("--whole-blobs");
    expect(delta.findings.map(keyOf).sort()).toEqual(whole.findings.map(keyOf).sort());
    expect(delta.secrets).toEqual(whole.secrets);
    expect(delta.stats).toEqual(whole.stats);
    // Every version's copy of the top token is reported at its line, carried or not.
    const top = delta.findings.filter((finding) => finding.location.startLine === 1);
    expect(new Set(top.map((finding) => finding.provenance?.blobId)).size).toBe(6);
    expect(delta.findings.some((finding) => finding.ruleId.includes("private-key"))).toBe(true);
    const blog = delta.findings.filter((finding) => finding.path === "blog.js").map((finding) => finding.ruleId);
    expect(blog).toContain("github-oauth-app-client-secret");
    expect(blog.some((ruleId) => ruleId.includes("private-key"))).toBe(true);
    expect(delta.findings.some((finding) => finding.path === "notes.ini")).toBe(true);
    expect(delta.findings.some((finding) => finding.path === "application.yml")).toBe(true);
  });
});

describe("history repeat audits", () => {
  it("read a blob with matches again only around the lines they start on, and give the report of a full scan", () => {
    const env = { XDG_CACHE_HOME: tempDir("secretscan-xdg-") };
    const cacheDir = join(tempDir(), "cache");
    const audit = (...flags: string[]) => {
      const run = runCli(["history", ".", "--no-config", "-f", "json", ...flags], repo.dir, undefined, env);
      expect(run.status, run.stderr).toBe(1);
      return JSON.parse(run.stdout) as Report;
    };
    audit("--cache-dir", cacheDir);
    const cache = readdirSync(cacheDir).find((name) => name.endsWith(".cache")) as string;
    // Blobs with matches are remembered with their lines (the last field of a blob's line).
    expect(readFileSync(join(cacheDir, cache), "utf8")).toMatch(/ t \d+ \S+ \S* \d+:\d+/);
    const repeat = audit("--cache-dir", cacheDir);
    const full = historyReport();
    expect(repeat.findings.map(keyOf).sort()).toEqual(full.findings.map(keyOf).sort());
    expect(repeat.secrets).toEqual(full.secrets);
    expect(repeat.stats).toEqual(full.stats);
  });
});

describe("history scans of large blobs (read in pieces)", () => {
  it("find what a scan of the same file in the working tree finds, at the same lines and columns", () => {
    const big = newRepo();
    const blocks = (seed: number) =>
      [
        `const GITHUB_TOKEN = "${githubToken(seed)}";`,
        pemPrivateKey(seed + 1).trimEnd(),
        `aws_access_key_id = ${awsAccessKeyId(seed + 2)}\naws_secret_access_key = ${awsSecretKey(seed + 3)}`,
        "var gitalk = new Gitalk({\n  clientID: 'b8cefdec8cd4072cdc28',\n  repo: 'blog-comments',",
        `  clientSecret: '${randomString(seed + 4, 40, "0123456789abcdef")}',\n});`,
        `[ReportingPortal]\nUsername=svc-reports\nPassword=${randomString(seed + 5, 14)}`,
      ].join("\n");
    // Over 192 KiB (read in pieces), blocks a few lines apart: every 48 KiB piece edge falls in some block's context.
    const parts = Array.from({ length: 170 }, (_, i) => `${filler(20 + i, 2 + (i % 5))}\n${blocks(5000 + i * 10)}`);
    const content = `${parts.join("\n")}\n`;
    expect(content.length).toBeGreaterThan(200 * 1024);
    big.write("big.js", content);
    big.commit("large file");
    // Written to files: the reports are larger than a pipe read at once.
    const report = (args: string[]) => {
      const file = join(tempDir(), "report.json");
      runCli([...args, "--no-config", "-f", "json", "-o", file], big.dir);
      return JSON.parse(readFileSync(file, "utf8")) as Report;
    };
    const history = report(["history", ".", "--no-cache"]);
    const tree = report(["scan", "."]);
    const placed = (report: Report) =>
      report.findings
        .map((finding) => `${finding.ruleId}|${finding.fingerprint}|${JSON.stringify(finding.location)}`)
        .sort();
    expect(history.findings.length).toBeGreaterThanOrEqual(170 * 4);
    expect(placed(history)).toEqual(placed(tree));
  });
});
