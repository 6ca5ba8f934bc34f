import { closeSync, openSync, readSync, writeFileSync } from "node:fs";

/** A rule's fields by name, as JSON holds them. */
export type FieldMap = Record<string, unknown>;

/** Where one rule's documentation sits in the docs file: byte offset and length. */
export type DocsSpan = readonly [offset: number, length: number];

/** Longest first line of a docs file: the build it belongs to. */
const HEADER_BYTES = 256;

/**
 * Writes each rule's documentation (prose and examples) as one JSON line, after a first line
 * naming the build, and returns where each line sits, for the rules cache to keep: a run then
 * reads the few rules it reports on, not the whole file (0.9 MB for ~900 rules).
 */
export function writeRuleDocs(file: string, build: string, docs: readonly FieldMap[]): DocsSpan[] {
  const header = `${JSON.stringify({ build })}\n`;
  const lines = docs.map((doc) => JSON.stringify(doc));
  let offset = Buffer.byteLength(header);
  const spans = lines.map((line): DocsSpan => {
    const span = [offset, Buffer.byteLength(line)] as const;
    offset += span[1] + 1;
    return span;
  });
  writeFileSync(file, header + lines.map((line) => `${line}\n`).join(""));
  return spans;
}

/** Reads one rule's documentation at a time from a docs file, checking once that it is from `build`. */
export class RuleDocs {
  #isFromBuild: boolean | undefined;

  constructor(
    private readonly file: string,
    private readonly build: string,
  ) {}

  /** The documentation at `span`, or undefined when the file is missing, corrupt or from another build. */
  at(span: DocsSpan): FieldMap | undefined {
    try {
      this.#isFromBuild ??= this.readBuild() === this.build;
      if (!this.#isFromBuild) return undefined;
      const entry: unknown = JSON.parse(readSlice(this.file, span[0], span[1]));
      return entry !== null && typeof entry === "object" && !Array.isArray(entry) ? (entry as FieldMap) : undefined;
    } catch {
      return undefined;
    }
  }

  private readBuild(): unknown {
    const head = readSlice(this.file, 0, HEADER_BYTES);
    return (JSON.parse(head.slice(0, head.indexOf("\n"))) as { build?: unknown }).build;
  }
}

/** Up to `length` bytes of `file` from `offset`, as UTF-8 text. */
function readSlice(file: string, offset: number, length: number): string {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, offset);
    return buffer.toString("utf8", 0, read);
  } finally {
    closeSync(fd);
  }
}
