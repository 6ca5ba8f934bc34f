import { describe, expect, it } from "vitest";
import { chunkBytes, sniffedChunk } from "../../src/text/byteChunk.js";
import { decodeBytes, lossyEncoding, sniffBytes, startsWithAscii, type TextContent } from "../../src/text/decode.js";
import { toWireBatch } from "../../src/detect/wire.js";

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));
const textContent = (data: Uint8Array): TextContent => {
  const sniffed = sniffBytes(data);
  if (sniffed.kind === "binary") throw new Error("expected text");
  return sniffed;
};

describe("sniffing and decoding", () => {
  it("keeps valid UTF-8 as bytes (BOM stripped) and decodes it only when the text is read", () => {
    const content = textContent(bytes([0xef, 0xbb, 0xbf], "héllo\nwörld"));
    expect(content.kind).toBe("utf-8");
    expect(lossyEncoding(content)).toBeUndefined();
    const chunk = sniffedChunk(content, { type: "file", path: "a.txt" });
    expect(chunk.utf8 && Buffer.from(chunk.utf8).toString("utf8")).toBe("héllo\nwörld");
    expect(chunkBytes(chunk)).toBe(Buffer.byteLength("héllo\nwörld"));
    expect(chunk.text).toBe("héllo\nwörld");
  });

  it("flags invalid UTF-8 as lossy and decodes it with replacement characters, as decodeBytes does", () => {
    const data = bytes("a\n", [0xff, 0xfe, 0x41], "\nb");
    const content = textContent(data);
    expect(lossyEncoding(content)).toBe("utf-8");
    expect(sniffedChunk(content, { type: "file", path: "x" }).text).toBe((decodeBytes(data) as { text: string }).text);
    expect(sniffedChunk(content, { type: "file", path: "x" }).text.split("\n")).toHaveLength(3);
  });

  it("decodes UTF-16 at once, tells binary apart, and reads a prefix without decoding", () => {
    const utf16 = textContent(bytes([0xff, 0xfe], [...Buffer.from("key=1", "utf16le")]));
    expect(utf16.kind).toBe("decoded");
    expect(sniffedChunk(utf16, { type: "file", path: "u" }).text).toBe("key=1");
    expect(sniffedChunk(utf16, { type: "file", path: "u" }).utf8).toBeUndefined();
    expect(sniffBytes(bytes("PK", [0, 3, 4])).kind).toBe("binary");
    expect(startsWithAscii(textContent(bytes("version https://x\n")), "version https")).toBe(true);
    expect(startsWithAscii(textContent(bytes("vers")), "version https")).toBe(false);
  });

  it("packs the UTF-8 content of a batch into one transferable buffer at the right offsets", () => {
    const first = sniffedChunk(textContent(bytes("one")), { type: "file", path: "1" });
    const second = {
      text: "two",
      provenance: { type: "stdin" as const, path: "-" },
      startLine: 3,
      onlyLines: new Set([3]),
    };
    const third = sniffedChunk(textContent(bytes("thrée")), { type: "file", path: "3" });
    const batch = toWireBatch([first, second, third].map((chunk, id) => ({ id, chunk })));
    const read = (index: number) => {
      const span = batch.chunks[index]?.utf8;
      return span && Buffer.from(batch.buffer, span.offset, span.length).toString("utf8");
    };
    expect([read(0), batch.chunks[1]?.text, read(2)]).toEqual(["one", "two", "thrée"]);
    expect(batch.chunks[1]).toMatchObject({ id: 1, path: "-", startLine: 3, onlyLines: [3] });
    expect(batch.buffer.byteLength).toBe(3 + Buffer.byteLength("thrée"));
  });
});
