import { createHash } from "node:crypto";

/**
 * SHA-256 hashes of credentials that providers publish in their own documentation as examples
 * (Stripe's sample test keys, the jwt.io sample token, …). They are copied into countless READMEs
 * and tutorials and grant nothing, so they are never findings. Stored as hashes so this file does
 * not itself look like it leaks them. AWS's documented keys contain "EXAMPLE" and are caught by the
 * placeholder filter.
 */
const KNOWN_EXAMPLE_HASHES = new Set<string>([
  // Stripe API reference sample keys (sk_test_4eC3…, pk_test_TYoo…, sk_test_BQok…)
  "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
  "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
  "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",
  // Flask's configuration docs: the SECRET_KEY example (192b9bdd…) and the FLASK_SECRET_KEY example (5f352379…)
  "2598f7d6adc142d88161630f3db12ab2bd3403521c281811e5e1ce60d4ac5d76",
  "9cb335cb7b5fb805934637d85c4f57c695baac019c0a57ceffd0afe43144c9cb",
  // jwt.io default HS256 sample token (eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIi…)
  "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",
]);

/** True when the secret is a provider's published documentation example. */
export function isKnownExample(secret: string): boolean {
  return KNOWN_EXAMPLE_HASHES.has(createHash("sha256").update(secret).digest("hex"));
}
