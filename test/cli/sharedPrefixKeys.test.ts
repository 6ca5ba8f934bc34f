import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";
import { randomString } from "../helpers/tokens.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const HEX_UPPER = "0123456789ABCDEF";

/** Clerk: issued secret keys carry 42 letters and digits after the prefix. */
const clerkKey = `sk_live_${randomString(501, 42)}`;
/** WorkOS: unpadded base64 of `key_<ULID>,<secret>`, so it begins `a2V5XzAx`. */
const workosKey = `sk_live_${Buffer.from(`key_01${randomString(502, 24, CROCKFORD)},${randomString(503, 25)}`)
  .toString("base64")
  .replace(/=+$/, "")}`;
/** Magic: 16 upper-case hex digits. */
const magicKey = `sk_live_${randomString(504, 16, HEX_UPPER)}`;
/** Stripe: the current 99-character form, the control that must stay Stripe's. */
const stripeKey = `sk_live_51${randomString(505, 97)}`;

interface Finding {
  ruleId: string;
  kind: string;
  path: string;
  location: { startLine: number };
}

/**
 * Clerk, WorkOS and Magic issue `sk_live_` keys too. Each must be reported under its own provider's
 * rule, never as a Stripe key, while a Stripe key beside them stays Stripe's.
 */
describe("sk_live_ keys of other providers (real CLI)", () => {
  let findings: Finding[];

  beforeAll(() => {
    const dir = tempDir();
    writeFiles(dir, {
      ".env": [
        `CLERK_SECRET_KEY=${clerkKey}`,
        `WORKOS_API_KEY=${workosKey}`,
        `MAGIC_SECRET_KEY=${magicKey}`,
        `STRIPE_SECRET_KEY=${stripeKey}`,
        "",
      ].join("\n"),
      "src/auth.ts": `export const workos = new WorkOS("${workosKey}");\nexport const magic = new Magic("${magicKey}");\n`,
      "config/settings.yaml": `auth:\n  api_key: "${workosKey}"\n`,
    });
    const run = runCli(["scan", ".", "--format", "json"], dir);
    expect(run.status, run.stderr).toBe(1);
    // The .env file is itself a finding (kind config-file); only the keys inside it matter here.
    findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings.filter((f) => f.kind !== "config-file");
  });

  const rulesAt = (path: string, line: number) =>
    findings.filter((f) => f.path === path && f.location.startLine === line).map((f) => f.ruleId);

  it.each([
    ["a Clerk key on a CLERK_SECRET_KEY line", ".env", 1, "clerk-live-secret-key"],
    ["a WorkOS key on a WORKOS_API_KEY line", ".env", 2, "workos-production-api-key"],
    ["a Magic key on a MAGIC_SECRET_KEY line", ".env", 3, "magic-live-secret-key"],
    ["a WorkOS key passed to new WorkOS()", "src/auth.ts", 1, "workos-production-api-key"],
    ["a Magic key passed to new Magic()", "src/auth.ts", 2, "magic-live-secret-key"],
    ["a WorkOS key under a neutral name (its shape alone)", "config/settings.yaml", 2, "workos-production-api-key"],
  ])("reports %s as that provider's, not Stripe's", (_label, path, line, ruleId) => {
    expect(rulesAt(path, line)).toEqual([ruleId]);
  });

  it("still reports the Stripe key beside them as Stripe's", () => {
    expect(rulesAt(".env", 4)).toEqual(["stripe-live-secret-key"]);
  });
});
