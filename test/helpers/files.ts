import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

const created: string[] = [];

/** Removing a hostile case's 100,000 files takes minutes on a loaded 2-core machine: not a test failure. */
const CLEANUP_TIMEOUT_MS = 300_000;

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}, CLEANUP_TIMEOUT_MS);

/** A fresh temporary directory, removed after the test file finishes. */
export function tempDir(prefix = "secretscan-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes files (relative path → content) below `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}
