import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ignore } from "ignore";
import { lazyModules } from "../util/lazyModules.js";

/**
 * Every file below `dir`, hidden ones included, without descending into `.git/` or `node_modules/`
 * (unless `dir` itself is inside one). With `respectGitignore`, `.gitignore` files found on the way
 * are applied relative to their own folders, as git would. Paths are relative and `/`-separated.
 */
export async function listPlainFiles(
  dir: string,
  respectGitignore: boolean,
  skipDirs: readonly string[],
): Promise<string[]> {
  const entries = await lazyModules.fastGlob()("**/*", {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: skipDirs.map((name) => `**/${name}/**`),
  });
  const files = entries.filter(
    (entry) => !entry.endsWith("/") && !skipDirs.some((name) => entry === name || entry.endsWith(`/${name}`)),
  );
  if (!respectGitignore) return files.sort();
  const ignoreFiles = await loadGitignores(
    dir,
    files.filter((file) => file === ".gitignore" || file.endsWith("/.gitignore")),
  );
  return files.filter((file) => !isIgnored(ignoreFiles, file)).sort();
}

interface ScopedIgnore {
  base: string;
  rules: Ignore;
}

async function loadGitignores(dir: string, paths: string[]): Promise<ScopedIgnore[]> {
  const scoped: ScopedIgnore[] = [];
  for (const path of paths) {
    try {
      const text = await readFile(join(dir, path), "utf8");
      const base = dirname(path) === "." ? "" : `${dirname(path)}/`;
      scoped.push({ base, rules: lazyModules.ignore()().add(text) });
    } catch {}
  }
  return scoped.sort((a, b) => a.base.split("/").length - b.base.split("/").length);
}

/** Deeper .gitignore files override shallower ones, as in git: the last scope with an opinion wins. */
function isIgnored(scopes: ScopedIgnore[], file: string): boolean {
  let ignored = false;
  for (const scope of scopes) {
    if (!file.startsWith(scope.base)) continue;
    const verdict = scope.rules.test(file.slice(scope.base.length));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}
