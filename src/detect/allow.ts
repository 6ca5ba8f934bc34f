import type { CompiledAllow } from "../rules/types.js";

/** What an allow-list is tested against for one match. */
export interface AllowSubject {
  secret: string;
  match: string;
  line: string;
  path: string;
}

/** The content lists of an allow-list (paths are tested per file, before scanning). */
type AllowListName = "secrets" | "matches" | "lines" | "stopwords";

/** The allow-list entry that covered a match: its list and 0-based index, as in the config. */
export interface AllowHit {
  list: AllowListName;
  index: number;
}

/** The first content entry (secrets, matches, lines, stopwords) covering this match, or undefined. Pure. */
export function allowHit(allow: CompiledAllow, subject: AllowSubject): AllowHit | undefined {
  const lowerSecret = subject.secret.toLowerCase();
  const tests: Array<[AllowListName, number]> = [
    ["secrets", allow.secrets.findIndex((regex) => regex.test(subject.secret))],
    ["matches", allow.matches.findIndex((regex) => regex.test(subject.match))],
    ["lines", allow.lines.findIndex((regex) => regex.test(subject.line))],
    ["stopwords", allow.stopwords.findIndex((word) => lowerSecret.includes(word))],
  ];
  const found = tests.find(([, index]) => index >= 0);
  return found ? { list: found[0], index: found[1] } : undefined;
}

/** True when any entry of the allow-list covers this match. */
export function isAllowed(allow: CompiledAllow, subject: AllowSubject): boolean {
  return allow.isPathAllowed(subject.path) || allowHit(allow, subject) !== undefined;
}
