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

/**
 * The line holding a secret with the secret replaced by its preview, trimmed around the secret to
 * at most 160 characters. `offset` is where the secret (or the encoded text holding it) starts in
 * `line` and `length` how long it is there.
 */
export function redactLine(line: string, offset: number, length: number, secret: string): string {
  const visibleSecretLength = Math.min(length, line.length - offset);
  const replaced = line.slice(0, offset) + redactSecret(secret) + line.slice(offset + visibleSecretLength);
  const trimmed = replaced.trim();
  if (trimmed.length <= MAX_LINE) return trimmed;
  const start = Math.max(0, offset - 60);
  const snippet = replaced.slice(start, start + MAX_LINE);
  return (start > 0 ? ELLIPSIS : "") + snippet.trim() + (start + MAX_LINE < replaced.length ? ELLIPSIS : "");
}
