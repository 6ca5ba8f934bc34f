import type { CompiledAllow } from "../rules/types.js";

/** What an allow-list is tested against for one match. */
export interface AllowSubject {
  secret: string;
  match: string;
  line: string;
  path: string;
}

/** True when any entry of the allow-list covers this match. */
export function isAllowed(allow: CompiledAllow, subject: AllowSubject): boolean {
  if (allow.isPathAllowed(subject.path)) return true;
  if (allow.secrets.some((regex) => regex.test(subject.secret))) return true;
  if (allow.matches.some((regex) => regex.test(subject.match))) return true;
  if (allow.lines.some((regex) => regex.test(subject.line))) return true;
  const lowerSecret = subject.secret.toLowerCase();
  return allow.stopwords.some((word) => lowerSecret.includes(word));
}
