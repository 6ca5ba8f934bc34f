import { describe, expect, it } from "vitest";
import type { ChunkOutcome, ChunkScanner } from "../../src/detect/chunkScanner.js";
import { PlainRetryScanner } from "../../src/detect/plainRetry.js";
import type { RawFinding } from "../../src/detect/scanChunk.js";
import type { Chunk } from "../../src/text/chunk.js";

const CHUNK: Chunk = { text: "t", provenance: { type: "file", path: "a.txt" }, startLine: 1 };
const TIMEOUT: ChunkOutcome = {
  ok: false,
  reason: "rule-timeout",
  message: "matching took longer than the time limit",
};
const FOUND = [{ secret: "s" } as RawFinding];

/** A scanner answering every chunk with `outcome`, counting its calls and closes. */
function fixed(outcome: ChunkOutcome): ChunkScanner & { calls: number; closed: number } {
  const scanner = {
    calls: 0,
    closed: 0,
    scan: async () => {
      scanner.calls += 1;
      return outcome;
    },
    warm: () => undefined,
    close: async () => {
      scanner.closed += 1;
    },
  };
  return scanner;
}

describe("PlainRetryScanner", () => {
  it("a timed-out chunk keeps its rule-timeout and gains what the plain pass found", async () => {
    const plain = fixed({ ok: true, findings: FOUND });
    const scanner = new PlainRetryScanner(fixed(TIMEOUT), () => plain);
    const outcome = await scanner.scan(CHUNK);
    expect(outcome).toEqual({
      ...TIMEOUT,
      message: `${TIMEOUT.message}; rescanned with decoding off`,
      findings: FOUND,
    });
    await scanner.close();
    expect(plain.closed).toBe(1);
  });

  it("a chunk scanned in time never starts the plain pass; a plain pass that times out too changes nothing", async () => {
    let created = 0;
    const inTime = new PlainRetryScanner(fixed({ ok: true, findings: FOUND }), () => {
      created += 1;
      return fixed(TIMEOUT);
    });
    expect(await inTime.scan(CHUNK)).toEqual({ ok: true, findings: FOUND });
    expect(created).toBe(0);
    const twice = new PlainRetryScanner(fixed(TIMEOUT), () => fixed(TIMEOUT));
    expect(await twice.scan(CHUNK)).toEqual(TIMEOUT);
  });
});
