import type { Readable } from "node:stream";
import { decodeBytes } from "../text/decode.js";
import type { SourceItem } from "./types.js";

/** Reads a whole stream (standard input) as one chunk named `name`. */
export async function* stdinSource(stream: Readable, name: string, maxSize: number): AsyncGenerator<SourceItem> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    const buffer = typeof part === "string" ? Buffer.from(part) : (part as Buffer);
    size += buffer.length;
    if (size > maxSize) {
      yield {
        type: "diagnostic",
        diagnostic: {
          path: name,
          reason: "too-large",
          level: "warning",
          message: `standard input exceeds the ${maxSize}-byte limit (--max-file-size)`,
        },
      };
      return;
    }
    parts.push(buffer);
  }
  const decoded = decodeBytes(Buffer.concat(parts));
  if (!decoded.ok) {
    yield {
      type: "diagnostic",
      diagnostic: { path: name, reason: "binary", level: "warning", message: "binary input (NUL bytes); not scanned" },
    };
    return;
  }
  yield { type: "chunk", chunk: { text: decoded.text, provenance: { type: "stdin", path: name }, startLine: 1 } };
}
