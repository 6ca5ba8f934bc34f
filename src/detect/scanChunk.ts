import type { CompiledRule } from "../rules/types.js";
import type { Chunk } from "../sources/types.js";
import { isAllowed } from "./allow.js";
import { shannonEntropy } from "./entropy.js";
import { LineIndex } from "./lines.js";
import { isPlaceholder } from "./placeholders.js";
import type { RuleSet } from "./ruleSet.js";

/**
 * A match that passed every filter, before fingerprinting. Offsets index `chunk.text`;
 * `line`/`column` are 1-based in the file (the chunk's `startLine` already applied).
 */
export interface RawFinding {
  rule: CompiledRule;
  secret: string;
  entropy: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The full text of the line where the secret starts. Never leaves the process unredacted. */
  lineText: string;
  /** Offset of the secret within `lineText`. */
  lineOffset: number;
}

/** Runs every candidate rule over one chunk. Pure: same rules and chunk, same findings. */
export function scanChunk(ruleSet: RuleSet, chunk: Chunk): RawFinding[] {
  const path = chunk.provenance.path;
  if (ruleSet.allow.isPathAllowed(path)) return [];
  const found: RawFinding[] = [];
  let lines: LineIndex | undefined;
  for (const index of ruleSet.prefilter.candidates(chunk.text)) {
    const rule = ruleSet.rules[index] as CompiledRule;
    if (!rule.appliesToPath(path)) continue;
    for (const span of matchSpans(rule, chunk.text)) {
      lines ??= new LineIndex(chunk.text);
      const raw = toRawFinding(rule, chunk, lines, span);
      if (raw && isReportable(ruleSet, rule, raw, span.match, path)) found.push(raw);
    }
  }
  return found;
}

interface MatchSpan {
  start: number;
  end: number;
  match: string;
}

function* matchSpans(rule: CompiledRule, text: string): Generator<MatchSpan> {
  const regex = rule.regex;
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(text)) !== null) {
    if (match[0].length === 0) regex.lastIndex++;
    const span = secretSpan(rule, match);
    if (span && span[1] > span[0]) yield { start: span[0], end: span[1], match: match[0] };
  }
}

function secretSpan(rule: CompiledRule, match: RegExpExecArray): [number, number] | undefined {
  const indices = match.indices;
  if (!indices) return undefined;
  return typeof rule.secretGroup === "string" ? indices.groups?.[rule.secretGroup] : indices[rule.secretGroup];
}

function toRawFinding(rule: CompiledRule, chunk: Chunk, lines: LineIndex, span: MatchSpan): RawFinding | undefined {
  const secret = chunk.text.slice(span.start, span.end);
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  const lineOffset = chunk.startLine - 1;
  const startLine = start.line + lineOffset;
  if (chunk.onlyLines && !chunk.onlyLines.has(startLine)) return undefined;
  const line = lines.lineText(span.start);
  return {
    rule,
    secret,
    entropy: shannonEntropy(secret),
    startLine,
    startColumn: start.column,
    endLine: end.line + lineOffset,
    endColumn: end.column,
    lineText: line.text,
    lineOffset: span.start - line.start,
  };
}

function isReportable(ruleSet: RuleSet, rule: CompiledRule, raw: RawFinding, match: string, path: string): boolean {
  if (rule.entropy !== undefined && raw.entropy < rule.entropy) return false;
  if (rule.checksum && !rule.checksum(raw.secret)) return false;
  if (isPlaceholder(raw.secret)) return false;
  const subject = { secret: raw.secret, match, line: raw.lineText, path };
  return !isAllowed(rule.allow, subject) && !isAllowed(ruleSet.allow, subject);
}
