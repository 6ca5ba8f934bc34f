/**
 * Values that are never secrets: template placeholders, environment or secret-manager lookups,
 * documentation stand-ins and filler. Applied to every rule's secret after the regex matched, so
 * `api_key = "<your-key-here>"` (or its HTML-escaped `&lt;your-key&gt;` in docs) or
 * `token: ${{ secrets.TOKEN }}` never become findings.
 */
// Python's %(name)s hole is matched whole: a bare "%(" occurs in random keys (Django's alphabet has both).
const TEMPLATE_MARKERS =
  /\$\{|\{\{|\}\}|^<.*>$|^<|<your|^&lt;|&lt;your|%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|^\$\(|^\$(?:env:)?[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_]+%$|^#\{|\{%/i;

const STAND_IN_WORDS =
  /example|xxxx|changeme|change_me|change-me|your[_-]|yourkey|yoursecret|yourtoken|dummy|redacted|placeholder|\*\*\*\*|sample|replace[_-]?me|insert[_-]|<?todo>?|fixme|12345678|abcdefg|00000000|ffffffff/i;

const ENV_LOOKUPS =
  /(?:os\.getenv|os\.environ|process\.env|System\.getenv|getenv\(|ENV\[|ENV\.fetch|Environment\.GetEnvironmentVariable|env\(|Deno\.env|import\.meta\.env|secrets\.|vault\s+(?:kv|read)|aws_secretsmanager|ssm:|keyring\.get)/i;

/**
 * AWS's documentation marks its sample credentials with `EXAMPLE` in capitals, also in the middle of
 * a long session or grant token; seven given capitals in a row do not occur in random text.
 */
const DOC_MARKER = /EXAMPLE/;

/** Longest secret checked for stand-in words; beyond it a chance "xxxx" or "todo" is noise. */
const MAX_STAND_IN_LENGTH = 100;

/** An environment variable name such as `API_KEY` or `STRIPE_SECRET`: a reference, not a value. */
const ENV_VAR_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** True when the secret is a placeholder, a lookup of a value stored elsewhere, or filler text. */
export function isPlaceholder(secret: string): boolean {
  if (secret.length === 0) return true;
  if (/^(.)\1*$/s.test(secret)) return true;
  if (TEMPLATE_MARKERS.test(secret) || DOC_MARKER.test(secret)) return true;
  // Long random secrets (key bodies, salts) contain short words like "todo" by chance.
  if (secret.length <= MAX_STAND_IN_LENGTH && STAND_IN_WORDS.test(secret)) return true;
  if (ENV_LOOKUPS.test(secret)) return true;
  return ENV_VAR_NAME.test(secret);
}
