import { execFileSync, spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeOutputFile } from "../../src/util/outputFile.js";
import { tempDir } from "../helpers/files.js";

/** Text longer than one written piece (2^20 UTF-16 units), with a surrogate pair across the first piece's end. */
function longText(): string {
  const head = "a".repeat((1 << 20) - 1);
  return `${head}\u{1F600} é … ${"z".repeat(1 << 20)}\u{1F511}\n`;
}

describe("writeOutputFile", () => {
  it("writes text of several pieces as UTF-8, a surrogate pair across a piece's end kept whole", async () => {
    const path = join(tempDir(), "report.json");
    const text = longText();
    await writeOutputFile(path, text, { symlink: "follow", mode: 0o600 });
    expect(readFileSync(path, "utf8")).toBe(text);
    expect(readFileSync(path).equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("replaces a regular file's content, and writes an empty text as an empty file", async () => {
    const path = join(tempDir(), "report.txt");
    writeFileSync(path, "old content that is longer\n");
    await writeOutputFile(path, "new\n", { symlink: "follow", mode: 0o600 });
    expect(readFileSync(path, "utf8")).toBe("new\n");
    await writeOutputFile(path, "", { symlink: "follow", mode: 0o600 });
    expect(readFileSync(path, "utf8")).toBe("");
  });

  it("writes text of several pieces through a FIFO to its reader", async () => {
    const fifo = join(tempDir(), "pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => reader.on("close", resolve));
    const text = longText();
    await writeOutputFile(fifo, text, { symlink: "follow", mode: 0o600 });
    await closed;
    expect(Buffer.concat(chunks).toString("utf8")).toBe(text);
  });
});
