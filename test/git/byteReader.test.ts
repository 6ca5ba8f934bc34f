import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ByteReader } from "../../src/git/byteReader.js";

/** A stream of `pieces`, counting how many of them have been pulled from it. */
function countedStream(pieces: string[]): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (const piece of pieces) {
        pulled++;
        yield Buffer.from(piece);
      }
    })(),
    { objectMode: false, highWaterMark: 1 },
  );
  return { stream, pulled: () => pulled };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("ByteReader", () => {
  it("reads lines and exact byte counts across piece boundaries, then reports the end", async () => {
    const { stream } = countedStream(["ab", "c\nde", "fgh", "\n12", "345\nta", "il"]);
    const reader = new ByteReader(stream, 4);
    expect(await reader.readLine()).toBe("abc");
    expect((await reader.readExact(5)).toString()).toBe("defgh");
    expect((await reader.readExact(1)).toString()).toBe("\n");
    expect(await reader.readLine()).toBe("12345");
    expect(await reader.readLine()).toBe("tail");
    expect(await reader.readLine()).toBeUndefined();
  });

  it("gives bytes that span pieces a buffer of their own, exactly their size, and leaves the rest to read", async () => {
    const { stream } = countedStream(["x".repeat(5000), "y".repeat(5000), "z".repeat(5000), "tail\n"]);
    const reader = new ByteReader(stream, 64 * 1024);
    const spanned = await reader.readExact(12_000);
    expect(spanned.buffer.byteLength).toBe(12_000);
    expect(spanned.toString()).toBe(`${"x".repeat(5000)}${"y".repeat(5000)}${"z".repeat(2000)}`);
    expect((await reader.readExact(3000)).toString()).toBe("z".repeat(3000));
    expect(await reader.readLine()).toBe("tail");
  });

  it("reads zero bytes when nothing is buffered (an empty blob whose header ended a piece)", async () => {
    const stream = new Readable({ read() {} });
    const reader = new ByteReader(stream, 1024);
    stream.push("oid blob 0\n");
    expect(await reader.readLine()).toBe("oid blob 0");
    expect((await reader.readExact(0)).length).toBe(0);
    stream.push("\nnext\n");
    expect((await reader.readExact(1)).toString()).toBe("\n");
    expect(await reader.readLine()).toBe("next");
  });

  it("reads ahead of the caller only up to its limit, and goes on as the caller takes bytes", async () => {
    const { stream, pulled } = countedStream(Array.from({ length: 100 }, () => "0123456789"));
    const reader = new ByteReader(stream, 50);
    await settle();
    const ahead = pulled();
    expect(ahead).toBeGreaterThanOrEqual(5);
    expect(ahead).toBeLessThan(20);
    expect((await reader.readExact(700)).length).toBe(700);
    await settle();
    expect(pulled()).toBeLessThan(100);
    expect((await reader.readExact(300)).length).toBe(300);
    await expect(reader.readExact(1)).rejects.toThrow(/stream ended after 0 of 1 bytes/);
  });

  it("rejects with the stream's own error", async () => {
    const stream = new Readable({ read() {} });
    const reader = new ByteReader(stream, 1024);
    stream.push("partial");
    stream.destroy(new Error("pipe broke"));
    await expect(reader.readExact(100)).rejects.toThrow(/pipe broke/);
  });

  it("hands out the pieces as they came, read ahead of a consumer that has not asked yet, up to the limit", async () => {
    const pieces = Array.from({ length: 40 }, (_, index) => Buffer.alloc(1024, index));
    let pulled = 0;
    const stream = Readable.from(
      (function* () {
        for (const piece of pieces) {
          pulled++;
          yield piece;
        }
      })(),
      { objectMode: false, highWaterMark: 1024 },
    );
    const reader = new ByteReader(stream, 16 * 1024).readPieces();
    const first = await reader.next();
    await settle();
    expect(pulled).toBeGreaterThanOrEqual(16);
    expect(pulled).toBeLessThan(40);
    const read = [first.value as Buffer];
    for await (const piece of reader) read.push(piece);
    expect(Buffer.concat(read)).toEqual(Buffer.concat(pieces));
    expect(pulled).toBe(40);
  });

  it("rethrows the stream's error once the pieces before it are read", async () => {
    const stream = new Readable({ read() {} });
    const reader = new ByteReader(stream, 1024).readPieces();
    stream.push("before");
    const first = await reader.next();
    expect(String(first.value)).toBe("before");
    stream.destroy(new Error("pipe broke"));
    await expect(reader.next()).rejects.toThrow("pipe broke");
  });
});
