import { CHECKSUMS, type ChecksumValidator } from "./checksums.js";
import { compileAllow, tryRegex, type PatternError } from "./compileAllow.js";
import { globMatcher } from "./globs.js";
import type {
  Confidence,
  CompiledAllow,
  CompiledFileRule,
  CompiledRule,
  ContentRuleSyntax,
  FileRuleSyntax,
  RuleSyntax,
} from "./types.js";

/** The result of compiling one rule: the rule, or every error found in it (paths relative to the rule). */
export type CompileOutcome = { ok: true; rule: CompiledRule } | { ok: false; errors: PatternError[] };

/** Regex flags every rule runs with: global, with match indices, `^`/`$` at line boundaries. */
const RULE_FLAGS = "gdm";

/** How `compileRule` and `compileFileRule` treat a rule. */
export interface CompileOptions {
  /**
   * True for a rule whose regexes the package build already compiled without error (a built-in
   * rule read from the build's cache, see config/rulesCache.ts): its regex and allow-list regexes
   * are compiled on first use. Parsing ~900 patterns cost a pre-commit run ~40 M instructions,
   * and it matches only the few rules whose keywords occur in the staged text.
   */
  isPrevalidated?: boolean;
}

/** Compiles a validated content rule once per run (file rules: see `compileFileRule`). Never throws on bad user input. */
export function compileRule(syntax: RuleSyntax, options: CompileOptions = {}): CompileOutcome {
  if (syntax.kind === "config-file")
    return {
      ok: false,
      errors: [{ path: ["kind"], message: "a config-file rule is a file rule, not a content rule" }],
    };
  const prevalidated = options.isPrevalidated === true ? lazyRule(syntax) : undefined;
  if (prevalidated) return { ok: true, rule: prevalidated };
  const errors: PatternError[] = [];
  const flags = RULE_FLAGS + (syntax.ignoreCase ? "i" : "");
  const regex = tryRegex(syntax.pattern, flags);
  if (typeof regex === "string") errors.push({ path: ["pattern"], message: `invalid regex: ${regex}` });
  const secretGroup = typeof regex === "string" ? 0 : resolveSecretGroup(syntax, regex, errors);
  const allow = compileAllow(syntax.allow, errors);
  const checksum = syntax.checksum === undefined ? undefined : CHECKSUMS[syntax.checksum];
  if (syntax.checksum !== undefined && !checksum) {
    errors.push({ path: ["checksum"], message: `unknown checksum "${syntax.checksum}"` });
  }
  if (errors.length > 0 || typeof regex === "string") return { ok: false, errors };
  return {
    ok: true,
    rule: {
      syntax,
      id: syntax.id,
      regex,
      secretGroup,
      keywords: [...new Set(syntax.keywords.map((keyword) => keyword.toLowerCase()))],
      entropy: syntax.entropy,
      confidence: syntax.confidence ?? "medium",
      appliesToPath: pathTest(globMatcher(syntax.paths?.include), globMatcher(syntax.paths?.exclude)),
      allow,
      checksum,
    },
  };
}

/** Whether a pattern names a group `secret` (not an escaped `\\(?<secret>`), read from its text. */
const NAMES_SECRET_GROUP = /(?<!\\)\(\?<secret>/;

/**
 * A prevalidated rule whose regex and allow-list compile on first use, or undefined when its
 * secret group can only be known from the compiled regex (then it is compiled now, as any rule).
 * The result is the eager one's: same regex source and flags, group, checksum and filters.
 */
function lazyRule(syntax: ContentRuleSyntax): CompiledRule | undefined {
  const secretGroup = syntax.secretGroup ?? (NAMES_SECRET_GROUP.test(syntax.pattern) ? "secret" : undefined);
  return secretGroup === undefined ? undefined : new PrevalidatedRule(syntax, secretGroup);
}

/**
 * A compiled rule whose regex and allow-list are getters on the class, not on each object: an
 * object literal with getters takes V8's slow path, ~10 µs apiece for the ~900 rules of a start.
 * Rules are used in place and never copied (a spread copy would lose the getters).
 */
class PrevalidatedRule implements CompiledRule {
  readonly id: string;
  readonly keywords: string[];
  readonly entropy: number | undefined;
  readonly confidence: Confidence;
  readonly appliesToPath: (path: string) => boolean;
  readonly checksum: ChecksumValidator | undefined;
  #regex: RegExp | undefined;
  #allow: CompiledAllow | undefined;

  constructor(
    readonly syntax: ContentRuleSyntax,
    readonly secretGroup: string | number,
  ) {
    this.id = syntax.id;
    this.keywords = [...new Set(syntax.keywords.map((keyword) => keyword.toLowerCase()))];
    this.entropy = syntax.entropy;
    this.confidence = syntax.confidence ?? "medium";
    this.appliesToPath = pathTest(globMatcher(syntax.paths?.include), globMatcher(syntax.paths?.exclude));
    this.checksum = syntax.checksum === undefined ? undefined : CHECKSUMS[syntax.checksum];
  }

  get regex(): RegExp {
    this.#regex ??= new RegExp(this.syntax.pattern, RULE_FLAGS + (this.syntax.ignoreCase ? "i" : ""));
    return this.#regex;
  }

  get allow(): CompiledAllow {
    this.#allow ??= compileAllow(this.syntax.allow, []);
    return this.#allow;
  }
}

/**
 * A rule's path test, remembering its last answer: matching one chunk (and each encoded span
 * decoded in it) asks every candidate rule about the same path many times, and the glob
 * tests were about 5% of a detector thread's time in a history scan.
 */
function pathTest(
  include: ((path: string) => boolean) | undefined,
  exclude: ((path: string) => boolean) | undefined,
): (path: string) => boolean {
  if (!include && !exclude) return () => true;
  let lastPath: string | undefined;
  let lastAnswer = false;
  return (path) => {
    if (path !== lastPath) {
      lastAnswer = (!include || include(path)) && !exclude?.(path);
      lastPath = path;
    }
    return lastAnswer;
  };
}

function resolveSecretGroup(syntax: ContentRuleSyntax, regex: RegExp, errors: PatternError[]): string | number {
  // Every built-in rule names its group `secret`; seeing it in the source spares a probe regex per rule at start-up.
  if (syntax.secretGroup === undefined && NAMES_SECRET_GROUP.test(regex.source)) return "secret";
  const probe = new RegExp(`(?:${regex.source})|`).exec("") as RegExpExecArray;
  const groupCount = probe.length - 1;
  const names = Object.keys(probe.groups ?? {});
  const declared = syntax.secretGroup;
  if (declared === undefined) return names.includes("secret") ? "secret" : 0;
  if (typeof declared === "string" && !names.includes(declared)) {
    errors.push({ path: ["secretGroup"], message: `the pattern has no group named "${declared}"` });
  }
  if (typeof declared === "number" && declared > groupCount) {
    errors.push({ path: ["secretGroup"], message: `the pattern has only ${groupCount} capture groups` });
  }
  return declared;
}

/** The result of compiling one file rule: the rule, or every error found in it (paths relative to the rule). */
export type CompileFileOutcome = { ok: true; rule: CompiledFileRule } | { ok: false; errors: PatternError[] };

/**
 * Compiles a validated file rule (`kind: config-file`) once per run. Its content condition, when it
 * has a `pattern`, is compiled as an ordinary content rule with the same id, keywords, entropy,
 * allow-list and secret group, but no path filter (the file rule's own globs decide the path).
 * Never throws on bad user input.
 */
export function compileFileRule(syntax: FileRuleSyntax, options: CompileOptions = {}): CompileFileOutcome {
  const errors: PatternError[] = [];
  let condition: CompiledRule | undefined;
  if (syntax.pattern !== undefined) {
    // A condition only answers whether content matches: it needs no prose or examples, and naming
    // them here would load a cached rule's documentation (config/rulesCache.ts) at every start.
    const { paths: _paths, kind: _kind, structure: _structure, ...rest } = syntax;
    const outcome = compileRule(
      { ...rest, kind: "secret", keywords: syntax.keywords ?? [], pattern: syntax.pattern },
      options,
    );
    if (outcome.ok) condition = outcome.rule;
    else errors.push(...outcome.errors);
  }
  // A condition holds the allow-list (a prevalidated one compiles it on first use, see `lazyRule`).
  let allow = condition || options.isPrevalidated === true ? undefined : compileAllow(syntax.allow, errors);
  const include = globMatcher(syntax.paths.include);
  const exclude = globMatcher(syntax.paths.exclude);
  if (!include)
    errors.push({ path: ["paths", "include"], message: "a config-file rule needs at least one paths.include glob" });
  if (errors.length > 0 || !include) return { ok: false, errors };
  return {
    ok: true,
    rule: {
      syntax,
      id: syntax.id,
      confidence: syntax.confidence ?? "medium",
      selectsPath: (path) => include(path) && !exclude?.(path),
      condition,
      get allow() {
        allow ??= condition?.allow ?? compileAllow(syntax.allow, []);
        return allow;
      },
    },
  };
}
