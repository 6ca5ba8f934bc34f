import type { CompiledRule } from "../rules/types.js";
import type { Chunk } from "../text/chunk.js";
import type { AllowHit } from "./allow.js";
import { base64RunStarts } from "./base64Runs.js";
import { findEncodedSpans } from "./encodedSpans.js";
import { LineIndex } from "./lines.js";
import { matchText, type TextMatch } from "./matchText.js";
import type { RuleSet } from "./ruleSet.js";
import { textOffsets } from "./utf16Offsets.js";

/**
 * A match that passed every filter, before fingerprinting. Lines and columns are 1-based in the
 * file (the chunk's `startLine` already applied); for a decoded secret they span the encoded text.
 */
export interface RawFinding {
  rule: CompiledRule;
  secret: string;
  entropy: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The full text of the line where the finding starts. Never leaves the process unredacted. */
  lineText: string;
  /** The line before it, for next-line markers (`secretscan:allow-next-line`); undefined on the chunk's first line. */
  previousLineText?: string;
  /** Offset of the finding within `lineText`, and how many characters of it to redact. */
  lineOffset: number;
  spanLength: number;
  /** Encodings peeled off to reach the secret, outermost first (e.g. `["base64"]`); absent for plain text. */
  decodedFrom?: string[];
  /** The global allow entry covering the match; only when the rule set keeps allowed matches. */
  allowedBy?: AllowHit;
}

/**
 * Detector options: `maxDecodeDepth` 0 turns decoding off; `timeoutMs` is each chunk's matching
 * budget on a worker thread (plus as much again per MiB).
 */
export interface DetectOptions {
  maxDecodeDepth: number;
  timeoutMs: number;
}

/** Default: decode up to two nested layers (base64 of percent-encoded text, say); 10 s per chunk. */
export const DEFAULT_DETECT_OPTIONS: DetectOptions = { maxDecodeDepth: 2, timeoutMs: 10_000 };

/** Runs every candidate rule over one chunk, then over what its encoded runs decode to. Pure. */
export function scanChunk(
  ruleSet: RuleSet,
  chunk: Chunk,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): RawFinding[] {
  const path = chunk.provenance.path;
  if (ruleSet.allow.isPathAllowed(path)) return [];
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(chunk.text));
  const utf8 = chunk.utf8;
  const toText = utf8 && textOffsets(utf8);
  const candidates = utf8
    ? ruleSet.prefilter.scanUtf8(utf8, () => chunk.text, ruleSet.windowed ? toText : undefined)
    : undefined;
  const found = matchText(ruleSet, chunk.text, path, candidates).map((match) =>
    locate(chunk, lines(), match.start, match.end, match),
  );
  if (options.maxDecodeDepth > 0) {
    const base64Starts = utf8 && toText && base64RunStarts(utf8, toText);
    for (const span of findEncodedSpans(chunk.text, base64Starts)) {
      const prefix = chunk.text.slice(prefixStart(chunk.text, span.start), span.start);
      for (const decoded of matchDecoded(ruleSet, prefix, span.decoded, path, options.maxDecodeDepth)) {
        found.push(locate(chunk, lines(), span.start, span.end, decoded.match, [span.encoding, ...decoded.encodings]));
      }
    }
  }
  return chunk.onlyLines ? found.filter((raw) => chunk.onlyLines?.has(raw.startLine)) : found;
}

/** How much of the line before an encoded run is kept in front of its decoded text (key names, not whole minified lines). */
const MAX_DECODE_PREFIX = 200;

/**
 * Where the prefix kept in front of decoded text starts: the start of the line holding `offset`,
 * but at most `MAX_DECODE_PREFIX` characters back. Bounded, so a long line with many encoded runs
 * costs time linear in its length (walking back to the line start for every run was quadratic).
 */
function prefixStart(text: string, offset: number): number {
  const limit = Math.max(0, offset - MAX_DECODE_PREFIX);
  let start = offset;
  while (start > limit && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  return start;
}

interface DecodedMatch {
  match: TextMatch;
  encodings: string[];
}

/**
 * Matches in decoded text. The line's text before the encoded run is kept in front of it, so
 * `password: <base64>` decodes to `password: hunter2…` and key-name rules still apply; matches
 * that start inside that prefix were already reported by the plain scan and are dropped.
 */
function matchDecoded(ruleSet: RuleSet, prefix: string, decoded: string, path: string, depth: number): DecodedMatch[] {
  const text = prefix + decoded;
  const results: DecodedMatch[] = matchText(ruleSet, text, path)
    .filter((match) => match.start >= prefix.length)
    .map((match) => ({ match, encodings: [] }));
  if (depth > 1) {
    for (const span of findEncodedSpans(decoded)) {
      const inner = matchDecoded(ruleSet, prefix, span.decoded, path, depth - 1);
      results.push(
        ...inner.map((result) => ({ match: result.match, encodings: [span.encoding, ...result.encodings] })),
      );
    }
  }
  return results;
}

function locate(
  chunk: Chunk,
  lines: LineIndex,
  start: number,
  end: number,
  match: TextMatch,
  decodedFrom?: string[],
): RawFinding {
  const from = lines.position(start);
  const to = lines.position(end);
  const line = lines.lineText(start);
  const offset = chunk.startLine - 1;
  const previousLineText = lines.previousLineText(start);
  return {
    rule: match.rule,
    secret: match.secret,
    entropy: match.entropy,
    startLine: from.line + offset,
    startColumn: from.column,
    endLine: to.line + offset,
    endColumn: to.column,
    lineText: line.text,
    ...(previousLineText !== undefined ? { previousLineText } : {}),
    lineOffset: start - line.start,
    spanLength: end - start,
    ...(decodedFrom ? { decodedFrom } : {}),
    ...(match.allowedBy ? { allowedBy: match.allowedBy } : {}),
  };
}
