import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

/**
 * Which parts of src/ each part may import: the pipeline's direction, from the CLI down to text
 * and util. A part missing from a list may not be imported by it; listing a part above another one
 * would make a circle, which the second test rejects on its own.
 */
const ALLOWED: Record<string, readonly string[]> = {
  "index.ts": ["modes", "config", "findings", "git", "report", "rules", "sources", "text", "util", "problems.ts"],
  cli: ["modes", "config", "findings", "git", "report", "rules", "sources", "text", "util", "problems.ts"],
  modes: ["secretFiles", "config", "findings", "detect", "git", "rules", "sources", "text", "util", "problems.ts"],
  secretFiles: ["findings", "detect", "git", "rules", "sources", "text", "util", "problems.ts"],
  report: ["findings", "rules", "sources", "text", "util", "problems.ts"],
  findings: ["detect", "git", "rules", "sources", "text", "util", "problems.ts"],
  detect: ["rules", "text", "util", "problems.ts"],
  sources: ["git", "text", "util", "problems.ts"],
  config: ["rules", "util", "problems.ts"],
  rules: ["text", "util", "problems.ts"],
  git: ["util", "problems.ts"],
  text: ["util"],
  util: ["problems.ts"],
  "problems.ts": [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The part of src/ a file belongs to: its top folder, or its own name for a loose file. */
const partOf = (file: string): string => relative(SRC, file).split("/")[0] ?? "";

/** Every relative module a file imports, re-exports or loads dynamically, as a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map(
    (m) => m[1] ?? "",
  );
  return specs.map((spec) => normalize(join(dirname(file), spec)).replace(/\.js$/, ".ts"));
}

/** Part-to-part imports across the tree: "from -> to" with one example file each. */
function crossPartEdges(): Map<string, string> {
  const edges = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    for (const target of importsOf(file)) {
      const from = partOf(file);
      const to = partOf(target);
      if (from !== to && !edges.has(`${from} -> ${to}`)) edges.set(`${from} -> ${to}`, relative(SRC, file));
    }
  }
  return edges;
}

describe("the layout of src/", () => {
  it("holds no loose files but index.ts and problems.ts", () => {
    const loose = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
    expect(loose.sort()).toEqual(["index.ts", "problems.ts"]);
  });

  it("knows every part, so a new folder gets a place in the direction", () => {
    const parts = readdirSync(SRC).filter((name) => !name.endsWith(".d.ts"));
    expect(parts.filter((part) => !(part in ALLOWED))).toEqual([]);
  });

  it("imports only in the allowed direction", () => {
    const forbidden = [...crossPartEdges()].filter(([edge]) => {
      const [from = "", to = ""] = edge.split(" -> ");
      return !ALLOWED[from]?.includes(to);
    });
    expect(forbidden.map(([edge, file]) => `${edge} (${file})`)).toEqual([]);
  });

  it("has no circle among the parts the direction allows", () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycleFrom = (part: string, path: string[]): string[] | undefined => {
      if (visiting.has(part)) return [...path, part];
      if (done.has(part)) return undefined;
      visiting.add(part);
      for (const next of ALLOWED[part] ?? []) {
        const cycle = cycleFrom(next, [...path, part]);
        if (cycle) return cycle;
      }
      visiting.delete(part);
      done.add(part);
      return undefined;
    };
    expect(
      Object.keys(ALLOWED)
        .map((part) => cycleFrom(part, []))
        .filter(Boolean),
    ).toEqual([]);
  });
});
