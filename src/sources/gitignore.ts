/** What the last matching line of a `.gitignore` says about a path; undefined when no line matches. */
type IgnoreVerdict = "ignored" | "unignored" | undefined;

/**
 * The lines of one `.gitignore`, compiled once. Literal lines (no `*`, `?`, `[` or `\`, by far the
 * most common in long generated files) sit in hash maps keyed by the name or path they match, and
 * `*.ext` lines in one keyed by extension, so testing a path costs a few lookups whatever their
 * number; only the remaining glob lines are tried one by one, and only those after the last
 * literal match (the last matching line decides, as in git).
 */
export interface GitignoreRules {
  /**
   * The verdict for `path`, relative to the `.gitignore`'s folder and `/`-separated. Parent folders
   * are not consulted: a walk that skips ignored folders never asks about what is inside them.
   */
  test(path: string, isDirectory: boolean): IgnoreVerdict;
}

interface Rule {
  index: number;
  isNegated: boolean;
  isDirectoryOnly: boolean;
}

interface GlobRule extends Rule {
  regex: RegExp;
  /** Tested against the last path segment only (a line with no inner `/`). */
  isBasenameOnly: boolean;
}

/** Compiles the text of a `.gitignore` (git's pattern format, see gitignore(5)). */
export function compileGitignore(text: string): GitignoreRules {
  const names = new Map<string, Rule[]>();
  const paths = new Map<string, Rule[]>();
  const extensions = new Map<string, Rule[]>();
  const globs: GlobRule[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const parsed = parseLine(line, index);
    if (!parsed) continue;
    const { rule, pattern, isAnchored } = parsed;
    if (!/[*?[\\]/.test(pattern)) add(isAnchored ? paths : names, pattern, rule);
    else if (!isAnchored && /^\*\.[^*?[\\/]+$/.test(pattern)) add(extensions, pattern.slice(1), rule);
    else {
      const regex = globRegex(pattern);
      if (regex) globs.push({ ...rule, regex, isBasenameOnly: !isAnchored });
    }
  }
  return {
    test(path, isDirectory) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      let best = lastRule(paths.get(path), isDirectory);
      best = later(best, lastRule(names.get(name), isDirectory));
      for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1))
        best = later(best, lastRule(extensions.get(name.slice(dot)), isDirectory));
      for (let at = globs.length - 1; at >= 0; at--) {
        const glob = globs[at] as GlobRule;
        if (best && glob.index < best.index) break;
        if (glob.isDirectoryOnly && !isDirectory) continue;
        if (glob.regex.test(glob.isBasenameOnly ? name : path)) {
          best = glob;
          break;
        }
      }
      return best ? (best.isNegated ? "unignored" : "ignored") : undefined;
    },
  };
}

function add(map: Map<string, Rule[]>, key: string, rule: Rule): void {
  const rules = map.get(key);
  if (rules) rules.push(rule);
  else map.set(key, [rule]);
}

/** The last of `rules` (in file order) that applies to a path of this kind. */
function lastRule(rules: Rule[] | undefined, isDirectory: boolean): Rule | undefined {
  if (!rules) return undefined;
  for (let at = rules.length - 1; at >= 0; at--) {
    const rule = rules[at] as Rule;
    if (isDirectory || !rule.isDirectoryOnly) return rule;
  }
  return undefined;
}

function later(a: Rule | undefined, b: Rule | undefined): Rule | undefined {
  if (!a) return b;
  return b && b.index > a.index ? b : a;
}

/**
 * One line as git reads it: comments and blank lines dropped, unescaped trailing spaces trimmed,
 * `!` negates, a trailing `/` matches folders only, and a `/` anywhere else anchors the pattern
 * to the `.gitignore`'s folder (otherwise it matches a name at any depth).
 */
function parseLine(line: string, index: number): { rule: Rule; pattern: string; isAnchored: boolean } | undefined {
  let pattern = line.replace(/(?<!\\)\s+$/, "");
  if (pattern === "" || pattern.startsWith("#")) return undefined;
  const isNegated = pattern.startsWith("!");
  if (isNegated) pattern = pattern.slice(1);
  if (pattern.startsWith("\\#") || pattern.startsWith("\\!")) pattern = pattern.slice(1);
  const isDirectoryOnly = pattern.endsWith("/");
  if (isDirectoryOnly) pattern = pattern.replace(/\/+$/, "");
  const isAnchored = pattern.includes("/");
  pattern = pattern.replace(/^\//, "");
  if (pattern === "") return undefined;
  return { rule: { index, isNegated, isDirectoryOnly }, pattern, isAnchored };
}

/** The glob as a whole-string regex; undefined for one git could not match either (a class like `[z-a]`). */
function globRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^${globSource(pattern)}$`);
  } catch {
    return undefined;
  }
}

/** A glob as regex source: `*` and `?` stay within a segment, `**` spans segments, `[…]` is a class. */
function globSource(pattern: string): string {
  let source = "";
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at] as string;
    if (pattern.startsWith("**/", at) && (at === 0 || pattern[at - 1] === "/")) {
      source += "(?:.*/)?";
      at += 2;
    } else if (pattern.startsWith("/**", at) && at + 3 === pattern.length) {
      source += "/.*";
      at += 2;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[") {
      const end = classEnd(pattern, at);
      source += end < 0 ? "\\[" : classSource(pattern.slice(at + 1, end));
      if (end >= 0) at = end;
    } else if (char === "\\" && at + 1 < pattern.length) {
      at += 1;
      source += escapeRegex(pattern[at] as string);
    } else {
      source += escapeRegex(char);
    }
  }
  return source;
}

/** Where the class opened at `open` closes (a `]` first in the class is literal), or -1. */
function classEnd(pattern: string, open: number): number {
  let at = open + 1;
  if (pattern[at] === "!" || pattern[at] === "^") at += 1;
  if (pattern[at] === "]") at += 1;
  return pattern.indexOf("]", at);
}

function classSource(body: string): string {
  const isNegated = body.startsWith("!") || body.startsWith("^");
  const members = (isNegated ? body.slice(1) : body).replace(/[\\\]^]/g, "\\$&");
  return isNegated ? `[^/${members}]` : `[${members}]`;
}

function escapeRegex(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
