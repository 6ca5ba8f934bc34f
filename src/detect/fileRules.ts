import { globMatcher } from "../rules/globs.js";
import {
  CONFIDENCE_RANK,
  type CompiledAllow,
  type CompiledFileRule,
  type CompiledRule,
  SEVERITY_RANK,
} from "../rules/types.js";
import { looksLikeKeystore } from "./keystore.js";
import { matchText } from "./matchText.js";
import { createRuleSet, EMPTY_ALLOW } from "./ruleSet.js";
import { runWatched } from "./watchdog.js";

/**
 * Time a file rule's content condition may take on one file. The condition runs on the calling
 * thread and its pattern may be a user's, so it runs under a watchdog like every user regex.
 */
const CONDITION_BUDGET_MS = 10_000;

/**
 * A file the file pass looks at: its path (relative, `/`-separated) and its text when it was read
 * and is text. `content` is undefined for binary, unreadable or too-large files and for files no
 * selecting rule needed to read.
 */
export interface FileSubject {
  path: string;
  content?: string | undefined;
  /** The file's leading bytes (KEYSTORE_HEAD_BYTES), read when a selecting rule has a `structure`; undefined when unread. */
  head?: Uint8Array | undefined;
}

/** A file that a file rule reports: the rule, the path, and the length of the file's first line (UTF-16 units; 0 when unread). */
export interface RawFileFinding {
  rule: CompiledFileRule;
  path: string;
  firstLineLength: number;
}

/**
 * The file rules whose globs select `path` and whose allow-lists (the rule's and the run's
 * `allow.paths`) do not drop it. Decides on the path alone, so drivers read a file only when a
 * selecting rule has a content condition. Pure.
 */
export function selectingRules(
  rules: readonly CompiledFileRule[],
  path: string,
  allow: CompiledAllow = EMPTY_ALLOW,
): CompiledFileRule[] {
  if (allow.isPathAllowed(path)) return [];
  return rules.filter((rule) => rule.selectsPath(path) && !rule.allow.isPathAllowed(path));
}

/**
 * `selectingRules` for many paths: one matcher of every rule's include globs, built once, turns
 * away the paths no rule can select (most paths) before the rule-by-rule tests.
 */
export function fileRuleSelector(
  rules: readonly CompiledFileRule[],
  allow: CompiledAllow = EMPTY_ALLOW,
): (path: string) => CompiledFileRule[] {
  const anyIncludes = globMatcher(rules.flatMap((rule) => rule.syntax.paths.include));
  if (!anyIncludes) return () => [];
  return (path) => (anyIncludes(path) ? selectingRules(rules, path, allow) : []);
}

/** True when any of the rules needs the file's leading bytes (a `structure` check) to decide. */
export function needsHead(rules: readonly CompiledFileRule[]): boolean {
  return rules.some((rule) => rule.syntax.structure !== undefined);
}

/**
 * True when the rule's structure check, if it has one, accepts the leading bytes. Unknown bytes
 * (unread, or over the size limit) are accepted: the name decides, as it did before the check.
 */
function structureHolds(rule: CompiledFileRule, head: Uint8Array | undefined): boolean {
  if (rule.syntax.structure === undefined || head === undefined) return true;
  return looksLikeKeystore(head);
}

/** True when any of the rules needs the file's content to decide. */
export function needsContent(rules: readonly CompiledFileRule[]): boolean {
  return rules.some((rule) => rule.condition !== undefined);
}

/**
 * True when the rule's content condition accepts the text: its pattern matches and the match passes
 * the same filters as a content rule (keywords, entropy, placeholder filter, known examples, the
 * rule's and the run's allow-lists). A rule without a condition accepts anything, even no content;
 * a rule with one never accepts a file whose content is unknown (binary or unread). A condition that
 * overruns its time budget (a catastrophic pattern) holds, so the file is still reported.
 */
export function conditionHolds(
  rule: CompiledFileRule,
  content: string | undefined,
  path: string,
  allow: CompiledAllow = EMPTY_ALLOW,
): boolean {
  if (!rule.condition) return true;
  if (content === undefined) return false;
  const condition = rule.condition;
  if (!hasKeyword(condition, content)) return false;
  const watched = runWatched(
    () => matchText(createRuleSet([condition], allow), content, path).length > 0,
    CONDITION_BUDGET_MS,
  );
  // A condition that cannot finish is taken to hold: the file is reported rather than silently passed.
  return watched.ok ? watched.value : true;
}

/**
 * False when none of the condition's keywords occurs in the lower-cased text, so the prefilter
 * (which finds keywords case-insensitively) would select nothing: a native search turns such a
 * file away before a rule set, its keyword automaton (cold, as it is built per file) and a
 * watchdog are paid for. redis's 536 versions of `redis.conf`, which the WireGuard rule selects as
 * `*.conf`, cost 1.2 s of the calling thread that way. True for a condition without keywords.
 */
function hasKeyword(condition: CompiledRule, content: string): boolean {
  if (condition.keywords.length === 0) return true;
  const lower = content.toLowerCase();
  return condition.keywords.some((keyword) => lower.includes(keyword));
}

/**
 * Compiled file rules × one file → at most one raw file finding: of the rules that select the path
 * and whose condition holds, the most severe (then most confident, then smallest id). One finding
 * per file, because the finding is about the file, not about what is in it. Pure.
 */
export function matchFileRules(
  rules: readonly CompiledFileRule[],
  subject: FileSubject,
  allow: CompiledAllow = EMPTY_ALLOW,
): RawFileFinding | undefined {
  const hits = selectingRules(rules, subject.path, allow).filter(
    (rule) => structureHolds(rule, subject.head) && conditionHolds(rule, subject.content, subject.path, allow),
  );
  const best = hits.sort(compareRules)[0];
  if (!best) return undefined;
  return { rule: best, path: subject.path, firstLineLength: firstLineLength(subject.content) };
}

/** Most severe first, then most confident, then by id. */
function compareRules(a: CompiledFileRule, b: CompiledFileRule): number {
  return (
    SEVERITY_RANK[b.syntax.severity] - SEVERITY_RANK[a.syntax.severity] ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Length of the text's first line, without its line break; 0 for unknown content. */
function firstLineLength(content: string | undefined): number {
  if (content === undefined) return 0;
  const end = content.search(/\r|\n/);
  return end < 0 ? content.length : end;
}
