import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeFiles } from "../helpers/files.js";

/** Rule id, confidence and file name of every finding of a real `scan` run over `files`. */
function scanFindings(files: Record<string, string>): string[] {
  const root = tempDir();
  writeFiles(root, files);
  const run = runCli(["scan", ".", "--no-config", "--format", "json"], root);
  const findings = JSON.parse(run.stdout).findings as Array<{ ruleId: string; confidence: string; path: string }>;
  return findings.map((f) => `${f.ruleId}:${f.confidence}:${f.path}`).sort();
}

describe("rules/generic-credential-records.yaml (forms whose purpose is to carry a login)", () => {
  it("report a weak value at low confidence, while the surer rule alone reports a strong one", () => {
    expect(
      scanFindings({
        "weak.bat": "PsExec.exe \\\\10.9.0.4 -u LAB\\ops -p opspass cmd /c ver\n",
        "strong.bat": "PsExec.exe \\\\10.9.0.4 -u LAB\\ops -p Vq7rT2mXw9 cmd /c ver\n",
      }),
    ).toEqual(["generic-psexec-password:medium:strong.bat", "generic-psexec-weak-password:low:weak.bat"]);
  });

  it("read a user line then a password line in notes and INI files, not in source code", () => {
    const pair = "[Kiosk]\nUsername=frontdesk\n; set at install\nPassword=lobby2\n";
    expect(scanFindings({ "notes.txt": pair, "kiosk.ini": pair, "seed.py": pair })).toEqual([
      "generic-user-password-pair:low:kiosk.ini",
      "generic-user-password-pair:low:notes.txt",
    ]);
  });

  it("leave a weak connection-string password in documentation and source code to the stand-in reading", () => {
    const connection = "Server=sql01;Database=stock;User Id=report;Password=secret;\n";
    expect(
      scanFindings({
        "connection.txt": connection,
        "README.md": connection,
        "Db.cs": `var cs = "${connection.trim()}";\n`,
      }),
    ).toEqual(["odbc-connection-string-weak-password:low:connection.txt"]);
  });
});
