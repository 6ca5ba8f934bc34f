import type { Chunk } from "../text/chunk.js";
import type { ChunkOutcome, ChunkScanner } from "./chunkScanner.js";

/**
 * Gives a chunk that overran its time budget a second pass with decoding off: a file crafted to
 * make the encoded-text pass slow must not hide the plain tokens in it. The retry keeps the
 * `rule-timeout` diagnostic (the file was not fully scanned) and adds what the plain pass found.
 * The plain scanner (its own detector thread) starts only when a first chunk times out.
 */
export class PlainRetryScanner implements ChunkScanner {
  private plain: ChunkScanner | undefined;

  constructor(
    private readonly primary: ChunkScanner,
    private readonly createPlain: () => ChunkScanner,
  ) {}

  async scan(chunk: Chunk): Promise<ChunkOutcome> {
    const outcome = await this.primary.scan(chunk);
    if (outcome.ok) return outcome;
    this.plain ??= this.createPlain();
    const retry = await this.plain.scan(chunk);
    if (!retry.ok) return outcome;
    return { ...outcome, message: `${outcome.message}; rescanned with decoding off`, findings: retry.findings };
  }

  warm(): void {
    this.primary.warm();
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.plain?.close()]);
  }
}
