/** The marker that follows a redacted prefix. */
const ELLIPSIS = "…";

/**
 * A safe preview of a secret: at most 4 leading characters (fewer for short secrets, none below
 * 8 characters) followed by `…`. Enough to recognise a token's type, never enough to use it.
 */
export function redactSecret(secret: string): string {
  const shown = secret.length < 8 ? 0 : Math.min(4, Math.floor(secret.length / 5));
  return secret.slice(0, shown) + ELLIPSIS;
}

/** Maximum length of a redacted line in the text report. */
const MAX_LINE = 160;

/** Where a secret (or the encoded text holding it) sits in a line: start offset and length. */
export interface LineSpan {
  offset: number;
  length: number;
  secret: string;
}

/**
 * The line holding a secret with the secret replaced by its preview, trimmed around the secret to
 * at most 160 characters. `others` are the other secrets found on the same line: they are replaced
 * too, so one finding's line never shows another's secret. Overlapping spans merge into the first.
 */
export function redactLine(line: string, focus: LineSpan, others: readonly LineSpan[] = []): string {
  const { replaced, offset } = redactSpans(line, [focus, ...others], focus);
  const trimmed = replaced.trim();
  if (trimmed.length <= MAX_LINE) return trimmed;
  const start = Math.max(0, offset - 60);
  const snippet = replaced.slice(start, start + MAX_LINE);
  return (start > 0 ? ELLIPSIS : "") + snippet.trim() + (start + MAX_LINE < replaced.length ? ELLIPSIS : "");
}

/**
 * `text` with every span replaced by its secret's preview (overlapping spans merge into the
 * first), and where `focus` starts in the result.
 */
export function redactSpans(
  text: string,
  spans: readonly LineSpan[],
  focus?: LineSpan,
): { replaced: string; offset: number } {
  let replaced = "";
  let cursor = 0;
  let offset = 0;
  for (const span of [...spans].sort((a, b) => a.offset - b.offset)) {
    const end = Math.min(text.length, span.offset + span.length);
    if (end <= cursor) continue;
    replaced += text.slice(cursor, Math.max(cursor, span.offset));
    if (focus && (span === focus || (focus.offset >= cursor && focus.offset < end))) offset = replaced.length;
    replaced += redactSecret(span.secret);
    cursor = end;
  }
  return { replaced: replaced + text.slice(cursor), offset };
}
