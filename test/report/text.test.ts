import { describe, expect, it } from "vitest";
import { renderText } from "../../src/report/text.js";
import { formatBytes, formatDuration, printable } from "../../src/report/textFormat.js";
import { CONTENT_MARKER, makeFinding, makeResult, richResult, SAFE, SECRETS } from "./builders.js";

const ANSI = /\u001b\[/;

describe("renderText", () => {
  it("groups findings under a heading per file with location, rule, kind, severity and details", () => {
    const text = renderText(richResult(), SAFE);
    const lines = text.split("\n");
    const heading = lines.indexOf("config/prod.env");
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(lines[heading + 1]).toBe("  3:19      critical AWS Access Key ID (aws-access-key-id)  identifier");
    expect(lines[heading + 2]).toBe(`    line         AKIA… // ${CONTENT_MARKER}`);
    expect(lines[heading + 3]).toMatch(/^ {4}fingerprint {2}[0-9a-f]{32}$/);
    expect(lines[heading + 4]).toBe(
      "    remediation  Deactivate the key in IAM, create a new one and move it to a secret store.",
    );
    expect(lines[heading + 5]).toMatch(/^ {2}7:14 +high +GitHub personal access token \(github-pat\) {2}token$/);
    expect(text.match(/^config\/prod\.env$/gm)).toHaveLength(1);
  });

  it("with verbose, aligns multi-line remediation and shows git and index provenance per occurrence", () => {
    const text = renderText(richResult(), { ...SAFE, verbose: true });
    expect(text).toContain(
      "    remediation  Move the password to an environment variable.\n                 Rotate it if it was ever pushed.",
    );
    expect(text).toContain(
      "    commit       9fceb02d0ae5 by Dana Developer <dana@example.com> on 2024-05-01T10:00:00+02:00 (blob 3b18e512dba7)",
    );
    expect(text).toContain("    staged       blob e69de29bb2d1");
  });

  it("lists diagnostics and hints, then a summary line", () => {
    const text = renderText(richResult(), SAFE);
    expect(text).toContain(
      "Diagnostics (1 warning, 1 note)\n  assets/logo.png: binary — skipped binary file (note)\n  data/dump.sql: too-large — file is 80 MB, limit is 10 MB\n",
    );
    expect(text).toContain("Hints\n  stale-ignore: Ignore entry 0a1b2c matched nothing");
    expect(
      text.endsWith(
        "5 findings (1 critical, 2 high, 1 medium, 1 low) in 12 files, 4.1 KB, 35 ms; 1 input not fully scanned (see Diagnostics)\n",
      ),
    ).toBe(true);
  });

  it("says so when nothing was found, and counts blobs when history was scanned", () => {
    const stats = { files: 1, bytes: 512, blobs: 40, rules: 3, durationMs: 1234 };
    expect(renderText(makeResult([]), SAFE)).toBe("No secrets found in 12 files (4.1 KB, 35 ms)\n");
    expect(renderText(makeResult([], { stats }), SAFE)).toBe(
      "No secrets found in 1 file and 40 blobs (512 B, 1.2 s)\n",
    );
    const one = renderText(makeResult([makeFinding("github-pat", SECRETS.github, "a", 1, 1)]), SAFE);
    expect(one.endsWith("\n1 finding (1 high) in 12 files, 4.1 KB, 35 ms\n")).toBe(true);
  });

  it("shows a separate secret line only when redaction is off", () => {
    expect(renderText(richResult(), SAFE)).not.toContain("secret   ");
    const open = renderText(richResult(), { redact: false, color: false });
    expect(open).toContain(`    secret       ${SECRETS.aws}\n`);
  });

  it("uses ANSI colour only when asked, red for critical and high", () => {
    expect(renderText(richResult(), SAFE)).not.toMatch(ANSI);
    const coloured = renderText(richResult(), { redact: true, color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain("\u001b[31mcritical\u001b[39m");
    expect(coloured).toContain("\u001b[33mmedium  \u001b[39m");
    expect(coloured).toContain("\u001b[2mlow     \u001b[22m");
  });

  it("escapes control characters from files so they cannot drive the terminal", () => {
    const finding = makeFinding("github-pat", SECRETS.github, "evil\u001b[2J.txt", 1, 1, {
      redactedLine: "token = ghp_… \u001b]0;pwned\u0007 \u202eevil",
    });
    const text = renderText(makeResult([finding]), SAFE);
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain("\u202e");
    expect(text).toContain("evil\\x1b[2J.txt");
    expect(text).toContain("token = ghp_… \\x1b]0;pwned\\x07 \\u202eevil");
  });
});

describe("text helpers", () => {
  it("formats sizes and durations", () => {
    expect([0, 512, 4198, 5 * 1024 * 1024].map(formatBytes)).toEqual(["0 B", "512 B", "4.1 KB", "5.0 MB"]);
    expect([0, 35.4, 999, 1500].map(formatDuration)).toEqual(["0 ms", "35 ms", "999 ms", "1.5 s"]);
  });

  it("keeps printable text and tabs readable", () => {
    expect(printable("a\tb ключ …")).toBe("a b ключ …");
    expect(printable("a\r\nb\u009b")).toBe("a\\x0d\\x0ab\\x9b");
  });

  it("names a secret found in several files once, with every place", () => {
    const copies = [1, 2, 3].map((n) => makeFinding("github-pat", SECRETS.github, `svc${n}/settings.py`, n, 5));
    const text = renderText(makeResult(copies), SAFE);
    expect(text).toContain("Secrets found in more than one place (1): rotate each once, remove it everywhere\n");
    expect(text).toContain(
      "  high github-pat ghp_… in 3 places: svc1/settings.py:1, svc2/settings.py:2, svc3/settings.py:3\n",
    );
    expect(renderText(makeResult([copies[0] as NonNullable<(typeof copies)[0]>]), SAFE)).not.toContain(
      "more than one place",
    );
  });
});
