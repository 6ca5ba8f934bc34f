import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/types.js";
import { scanHistory } from "../../src/modes/scanHistory.js";
import { newRepo, TOKEN_C, tempDir } from "../helpers/gitRepo.js";

/** The commit that introduced a finding's blob (fails the test for any other provenance). */
function introducedBy(finding: Finding): string | undefined {
  if (finding.provenance?.type !== "git-blob") throw new Error("expected git-blob provenance");
  return finding.provenance.introducedBy?.sha;
}

describe("scanHistory and path globs", () => {
  it("scans a blob once per way rules treat its paths, whichever path comes first", async () => {
    const excluding = join(tempDir(), "excluding.yaml");
    writeFileSync(
      excluding,
      "useDefaultRules: false\nrules:\n  - id: no-min\n    name: t\n    description: d\n    kind: token\n    severity: high\n    keywords: [ghp_]\n    pattern: 'ghp_[A-Za-z0-9]{36}'\n    paths:\n      exclude: ['**/*.min.js', '**/*.map']\n",
    );
    const content = `const t = "${TOKEN_C}";\n`;
    const minFirst = newRepo();
    minFirst.write("vendor/app.min.js", content).commit("vendored build");
    const laterSource = minFirst.write("src/app.js", content).commit("source copy");
    const first = await scanHistory({ repo: minFirst.dir, config: excluding });
    expect(first.findings.map((finding) => [finding.path, introducedBy(finding)])).toEqual([
      ["src/app.js", laterSource],
    ]);
    const sourceFirst = newRepo();
    const early = sourceFirst.write("src/app.js", content).commit("source");
    sourceFirst.write("vendor/app.min.js", content).commit("vendored build");
    const second = await scanHistory({ repo: sourceFirst.dir, config: excluding });
    expect(second.findings.map((finding) => [finding.path, introducedBy(finding)])).toEqual([["src/app.js", early]]);
    expect(second.stats.files).toBe(2);
  });
});
