import { redactSecret } from "./redact.js";

/** Which line an inline marker covers: its own line, or the line after it. */
type MarkerScope = "line" | "next-line";

/** An inline ignore marker found in a line of source. */
export interface InlineMarker {
  /** The token as written, e.g. `secretscan:allow` or `pragma: allowlist secret`. */
  token: string;
  scope: MarkerScope;
  /** Rule ids the marker is limited to; empty means every rule. Only `secretscan:` markers name rules. */
  ruleIds: string[];
  /** The free text after ` -- `, if any. */
  reason: string | undefined;
}

/** A marker token, the scope it has, and whether it takes rule ids and a reason (our own syntax). */
interface TokenSpec {
  pattern: RegExp;
  scope: MarkerScope;
  isNative: boolean;
}

/**
 * Every recognised marker. Ours first, then the tokens of gitleaks, TruffleHog, detect-secrets,
 * secretlint and Kingfisher, so a repository that already silenced a false positive for another
 * tool does not have to do it twice. Next-line forms come before their same-line prefixes.
 */
const TOKENS: readonly TokenSpec[] = [
  { pattern: /secretscan:allow-next-line(?![\w-])/, scope: "next-line", isNative: true },
  { pattern: /secretscan:allow(?![\w-])/, scope: "line", isNative: true },
  { pattern: /gitleaks:allow(?![\w-])/, scope: "line", isNative: false },
  { pattern: /trufflehog:ignore(?![\w-])/, scope: "line", isNative: false },
  { pattern: /pragma:\s*allowlist\s+nextline\s+secret(?![\w-])/, scope: "next-line", isNative: false },
  { pattern: /pragma:\s*allowlist\s+secret(?![\w-])/, scope: "line", isNative: false },
  { pattern: /secretlint-disable-next-line(?![\w-])/, scope: "next-line", isNative: false },
  { pattern: /secretlint-disable-line(?![\w-])/, scope: "line", isNative: false },
  { pattern: /kingfisher:ignore(?![\w-])/, scope: "line", isNative: false },
];

/** A rule id as the config schema allows it. */
const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Closers of block comments that may follow a marker on the same line (`*\/`, `-->`, `%>`, `#}`). */
const COMMENT_CLOSER = /\s*(?:\*\/|-->|%>|#\}|\}\}|\*\))\s*$/;

/** Parses every inline marker in one line of text. Pure. */
export function parseInlineMarkers(line: string): InlineMarker[] {
  const markers: InlineMarker[] = [];
  let rest = line;
  for (const spec of TOKENS) {
    const match = spec.pattern.exec(rest);
    if (!match) continue;
    rest = rest.slice(0, match.index) + " ".repeat(match[0].length) + rest.slice(match.index + match[0].length);
    if (!spec.isNative) {
      markers.push({ token: match[0], scope: spec.scope, ruleIds: [], reason: undefined });
      continue;
    }
    markers.push({ token: match[0], scope: spec.scope, ...nativeArguments(line.slice(match.index + match[0].length)) });
  }
  return markers;
}

/** Rule ids and reason after a `secretscan:` token: `id, id -- reason`. Words stop at the first non-id. */
function nativeArguments(tail: string): { ruleIds: string[]; reason: string | undefined } {
  const text = tail.replace(COMMENT_CLOSER, "");
  const separator = text.indexOf("--");
  const idText = separator >= 0 ? text.slice(0, separator) : text;
  const reason = separator >= 0 ? text.slice(separator + 2).trim() : "";
  const ruleIds: string[] = [];
  for (const word of idText.split(/[\s,]+/).filter((part) => part !== "")) {
    if (!RULE_ID.test(word)) break;
    ruleIds.push(word);
  }
  return { ruleIds, reason: reason === "" ? undefined : reason };
}

/** The lines an inline check needs: the finding's first lines and the line before them. */
export interface MarkerContext {
  /** Text of the lines from where the match starts to where the secret starts (usually one line). */
  findingLines: readonly string[];
  /** Text of the line before the match, if the chunk has one. */
  previousLine: string | undefined;
}

/**
 * The reason an inline marker suppresses a finding of `ruleId`, or undefined. Same-line markers
 * count on any of the finding's first lines, next-line markers on the line before. `secret` is
 * replaced by its preview in the reason, so a marker written after a secret never echoes it.
 */
export function inlineSuppression(context: MarkerContext, ruleId: string, secret: string): string | undefined {
  const candidates = [
    ...context.findingLines.flatMap((line) => parseInlineMarkers(line).filter((marker) => marker.scope === "line")),
    ...parseInlineMarkers(context.previousLine ?? "").filter((marker) => marker.scope === "next-line"),
  ];
  const marker = candidates.find((candidate) => candidate.ruleIds.length === 0 || candidate.ruleIds.includes(ruleId));
  if (!marker) return undefined;
  return describeMarker(marker).split(secret).join(redactSecret(secret));
}

/** `secretscan:allow generic-password -- test fixture`, normalised. */
function describeMarker(marker: InlineMarker): string {
  const ids = marker.ruleIds.length ? ` ${marker.ruleIds.join(", ")}` : "";
  return `${marker.token}${ids}${marker.reason ? ` -- ${marker.reason}` : ""}`;
}
