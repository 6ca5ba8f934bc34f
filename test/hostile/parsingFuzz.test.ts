import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HISTORY_FLAGS, SCAN_FLAGS } from "../../src/cli/options.js";
import { loadRunConfig } from "../../src/config/loadRunConfig.js";
import { UserError } from "../../src/problems.js";
import { runMain } from "../helpers/captureIo.js";
import { tempDir } from "../helpers/files.js";

/** A stack frame line: what a crash prints and a user error never does. */
const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;

const flagNames = [...new Set([...SCAN_FLAGS, ...HISTORY_FLAGS].map((flag) => `--${flag.name}`))];
const token = fc.oneof(
  fc.constantFrom("scan", "history", "staged", "baseline", "rules", "list", "test", "-", "--", ".", "-o", "-f", "-c"),
  fc.constantFrom(...flagNames),
  fc.constantFrom(
    "json",
    "sarif",
    "html",
    "csv",
    "gitlab",
    "xml",
    "0",
    "-1",
    "99",
    "1G",
    "9999999999",
    "..HEAD",
    "A...B",
  ),
  fc.string({ maxLength: 12 }),
);

describe("fuzzing the CLI's argument and config parsing", () => {
  it("any argv ends in exit 0, 1 or 2, never a crash or a stack trace", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "hello\n");
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 6 }), async (argv) => {
        const run = await runMain(argv, dir);
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toContain("internal error");
        expect(run.stderr).not.toMatch(STACK_FRAME);
      }),
      { seed: 19, numRuns: 60 },
    );
  }, 120_000);

  it("any config text either loads or is a UserError naming its position, never another error", () => {
    const dir = tempDir();
    const path = join(dir, ".secretscanrc.yaml");
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            "rules:",
            "  - id: x",
            "    pattern: '(",
            "allow:",
            "  paths: [",
            "&a [*a]",
            "*b",
            "disableRules: 3",
            "maxFileSize: -1",
            ": :",
            "\t",
            "useDefaultRules: maybe",
          ),
          { maxLength: 8 },
        )
        .map((lines) => lines.join("\n")),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        writeFileSync(path, text);
        try {
          loadRunConfig(dir, path);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as Error).message).not.toMatch(STACK_FRAME);
        }
      }),
      { seed: 19, numRuns: 300 },
    );
  });
});
