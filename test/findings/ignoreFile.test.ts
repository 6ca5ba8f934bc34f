import { describe, expect, it } from "vitest";
import { IgnoreFileUsage, parseIgnoreFile } from "../../src/findings/ignoreFile.js";

const FINGERPRINT = "0123456789abcdef0123456789abcdef";

describe(".secretscanignore", () => {
  it("reads fingerprints and globs, skipping comments and blank lines", () => {
    const file = parseIgnoreFile(
      ".secretscanignore",
      `# test fixtures\n\n${FINGERPRINT}\n${FINGERPRINT.toUpperCase().replace(/0/g, "1")} # old key\nfixtures/**\r\n.env.example\n`,
    );
    expect(
      file.entries.map((entry) =>
        entry.type === "fingerprint" ? `fp:${entry.fingerprint}@${entry.line}` : `glob:${entry.glob}@${entry.line}`,
      ),
    ).toEqual([
      `fp:${FINGERPRINT}@3`,
      `fp:${FINGERPRINT.replace(/0/g, "1")}@4`,
      "glob:fixtures/**@5",
      "glob:.env.example@6",
    ]);
  });

  it("treats anything that is not exactly 32 hex characters as a glob, matching hidden files", () => {
    const file = parseIgnoreFile("i", `${FINGERPRINT}0\n**/secrets.*\n`);
    expect(file.entries.map((entry) => entry.type)).toEqual(["glob", "glob"]);
    const usage = new IgnoreFileUsage(file);
    expect(usage.excludingEntry(".config/secrets.yaml")?.line).toBe(2);
    expect(usage.excludingEntry("src/app.ts")).toBeUndefined();
  });

  it("tracks which entries matched, so the rest can be reported as stale", () => {
    const usage = new IgnoreFileUsage(parseIgnoreFile("i", `${FINGERPRINT}\nvendor/**\ndocs/**\n`));
    expect(usage.fingerprintEntry(FINGERPRINT)?.line).toBe(1);
    expect(usage.fingerprintEntry("f".repeat(32))).toBeUndefined();
    usage.excludingEntry("vendor/lib.js");
    expect(usage.unused().map((entry) => entry.line)).toEqual([3]);
  });
});
