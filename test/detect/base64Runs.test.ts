import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64RunStarts, base64Runs, base64RunsFrom } from "../../src/detect/base64Runs.js";
import { textOffsets } from "../../src/detect/utf16Offsets.js";

/** Reference: maximal base64 runs found by a regex, before padding and classification. */
function naiveRunBodies(text: string, min: number): Array<[number, number]> {
  return [...text.matchAll(/[A-Za-z0-9+/_-]+/g)]
    .filter((m) => m[0].length >= min)
    .map((m) => [m.index, m.index + m[0].length]);
}

const TEXT_LIKE = Buffer.from("password=correct-horse-battery").toString("base64"); // 40 chars, decodes to text

describe("base64 runs", () => {
  it("finds every text-like run however it sits against the stride: at the start, the end, 16 long, 15 long", () => {
    for (let pad = 0; pad < 40; pad++) {
      const text = `${" ".repeat(pad)}${TEXT_LIKE}|${"x".repeat(pad % 7)}`;
      expect(base64Runs(text, 16, 1000).map((run) => text.slice(run.start, run.end))).toEqual([TEXT_LIKE]);
    }
    const sixteen = Buffer.from("api_key=abcdef").toString("base64").slice(0, 16);
    expect(base64Runs(sixteen, 16, 1000)).toHaveLength(1);
    expect(base64Runs(` ${sixteen.slice(0, 15)} `, 16, 1000)).toHaveLength(0);
  });

  it("agrees with a regex on the run boundaries over mixed text", () => {
    const words = [
      "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ",
      "short",
      "x",
      "ZGVhZGJlZWZkZWFkYmVlZg",
      "a-b_c",
      "0123456789abcdef0123456789abcdef",
      "=",
      "==",
      " ",
      "\n",
      "é",
    ];
    let seed = 7;
    const pick = () => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length] as string;
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 30 }, pick).join("");
      const expected = naiveRunBodies(text, 16);
      for (const run of base64Runs(text, 16, 1000))
        expect(expected.some(([start, end]) => start === run.start && end <= run.end && run.end - end <= 2)).toBe(true);
    }
  });

  it("takes up to two '=' of padding and rejects a run followed by three", () => {
    const body = Buffer.from("secret=hunter2hunter2").toString("base64").replace(/=+$/, "");
    const padded = Buffer.from("secret=hunter2hunter2!").toString("base64");
    expect(base64Runs(`"${padded}"`, 16, 1000).map((run) => run.end - run.start)).toEqual([padded.length]);
    expect(base64Runs(`"${body}==="`, 16, 1000)).toEqual([]);
  });

  it("finds the same runs from the SIMD pass over the bytes, in ASCII and in UTF-8 text, wherever blocks split them", () => {
    const piece = fc.constantFrom(
      TEXT_LIKE,
      "0123456789abcdef",
      "a-b_c/d+e",
      "x",
      " ",
      "=",
      "\n",
      "é",
      "日本",
      "😀",
      "ABCDEFGHIJKLMNO",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        const bytes = new TextEncoder().encode(text);
        const toText = textOffsets(bytes);
        expect(toText).toBeDefined();
        const starts = base64RunStarts(bytes, toText as NonNullable<typeof toText>) as Int32Array;
        expect(base64RunsFrom(text, starts, 1000)).toEqual(base64Runs(text, 16, 1000));
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("reads a run's offsets in the text, after characters of several UTF-16 units", () => {
    const text = `é日本😀 ${TEXT_LIKE} é`;
    const bytes = new TextEncoder().encode(text);
    const starts = base64RunStarts(
      bytes,
      textOffsets(bytes) as NonNullable<ReturnType<typeof textOffsets>>,
    ) as Int32Array;
    expect(base64RunsFrom(text, starts, 1000).map((run) => text.slice(run.start, run.end))).toEqual([TEXT_LIKE]);
  });

  it("offers no offsets for bytes that do not map onto the text: invalid UTF-8, or a BOM the decoder drops", () => {
    expect(textOffsets(Uint8Array.from([0x61, 0xff, 0x62, 0xc3]))).toBeUndefined();
    expect(textOffsets(new TextEncoder().encode(`\uFEFFé ${TEXT_LIKE}`))).toBeUndefined();
    expect(textOffsets(new TextEncoder().encode(`\uFEFF${TEXT_LIKE}`))).toBeUndefined();
  });
});
