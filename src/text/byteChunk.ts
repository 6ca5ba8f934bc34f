import { decodeUtf8, type TextContent } from "./decode.js";
import type { Chunk, Provenance } from "./chunk.js";

/**
 * A chunk of file or blob content as its reader sniffed it. UTF-8 content keeps its bytes and is
 * decoded only when something reads `text`: a detector thread receives the bytes instead (moved,
 * not copied as a string), so the reading thread never decodes it. UTF-16 arrives decoded.
 */
export function sniffedChunk(sniffed: TextContent, provenance: Provenance): Chunk {
  if (sniffed.kind === "decoded")
    return { text: sniffed.decoded.text, provenance, startLine: 1, encoding: sniffed.decoded.encoding };
  const bytes = sniffed.body;
  let text: string | undefined;
  return {
    get text() {
      return (text ??= decodeUtf8(bytes));
    },
    utf8: bytes,
    provenance,
    startLine: 1,
  };
}

/** How many bytes a chunk holds: its UTF-8 bytes when it has them, else its text's UTF-8 length. */
export function chunkBytes(chunk: Chunk): number {
  return chunk.utf8?.length ?? Buffer.byteLength(chunk.text);
}
