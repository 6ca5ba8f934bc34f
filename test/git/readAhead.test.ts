import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readAhead } from "../../src/git/readAhead.js";

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("readAhead", () => {
  it("reads ahead of a consumer that has not asked yet, up to the limit, then yields every piece in order", async () => {
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
    const reader = readAhead(stream, 16 * 1024);
    const first = await reader.next();
    await settle();
    expect(pulled).toBeGreaterThanOrEqual(16);
    expect(pulled).toBeLessThan(40);
    const read = [first.value as Buffer];
    for await (const piece of reader) read.push(piece);
    expect(Buffer.concat(read)).toEqual(Buffer.concat(pieces));
    expect(pulled).toBe(40);
  });

  it("rethrows the stream's error once what came before it is read", async () => {
    const stream = new Readable({ read() {} });
    const reader = readAhead(stream, 1024);
    stream.push("before");
    const first = await reader.next();
    expect(String(first.value)).toBe("before");
    stream.destroy(new Error("pipe broke"));
    await expect(reader.next()).rejects.toThrow("pipe broke");
  });
});
