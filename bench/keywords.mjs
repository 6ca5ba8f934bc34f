// bench/keywords.mjs — the active rules' prefilter keywords, for the ripgrep reference run.
// Rule ids come from `secretscan rules list --format json --no-config`; keywords are read from
// rules/*.yaml with the `yaml` package (the JSON listing does not include them).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** Writes one lower-cased keyword per line to `file`; returns `{ keywords, rules, rulesWithoutKeywords }`. */
export function writeKeywordPatterns(repoRoot, cli, file) {
  const listed = JSON.parse(
    execFileSync("node", [cli, "rules", "list", "--format", "json", "--no-config"], {
      cwd: repoRoot,
      encoding: "utf8",
    }),
  );
  const keywordsById = new Map();
  const rulesDir = join(repoRoot, "rules");
  for (const name of readdirSync(rulesDir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    for (const rule of parse(readFileSync(join(rulesDir, name), "utf8"))?.rules ?? [])
      keywordsById.set(rule.id, rule.keywords ?? []);
  }
  const keywords = new Set();
  const rulesWithoutKeywords = [];
  for (const { id } of listed) {
    const list = keywordsById.get(id) ?? [];
    if (list.length === 0) rulesWithoutKeywords.push(id);
    for (const keyword of list) keywords.add(String(keyword).toLowerCase());
  }
  writeFileSync(file, [...keywords].sort().join("\n") + "\n");
  return { keywords: keywords.size, rules: listed.length, rulesWithoutKeywords };
}
