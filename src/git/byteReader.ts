import type { Readable } from "node:stream";

/**
 * Pulls bytes from a stream on demand: a line up to `\n`, or an exact number of bytes. It reads
 * only when asked, so a slow consumer applies backpressure to the producer (a git child process)
 * and memory stays bounded by what the caller requests plus one stream chunk.
 */
export class ByteReader {
  private readonly chunks: AsyncIterator<Buffer | string>;
  private pieces: Buffer[] = [];
  private buffered = 0;
  private isDone = false;

  constructor(stream: Readable) {
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  }

  /** The next line without its `\n`, or undefined at end of stream (a final unterminated line is returned). */
  async readLine(): Promise<string | undefined> {
    for (let scanned = 0; ; ) {
      const at = this.indexOfNewline(scanned);
      if (at >= 0) {
        const line = this.take(at + 1);
        return line.subarray(0, at).toString("utf8");
      }
      scanned = this.buffered;
      if (!(await this.pull())) return this.buffered > 0 ? this.take(this.buffered).toString("utf8") : undefined;
    }
  }

  /** Exactly `count` bytes; rejects when the stream ends first. */
  async readExact(count: number): Promise<Buffer> {
    while (this.buffered < count) {
      if (!(await this.pull())) throw new Error(`stream ended after ${this.buffered} of ${count} bytes`);
    }
    return this.take(count);
  }

  private indexOfNewline(from: number): number {
    let offset = 0;
    for (const piece of this.pieces) {
      if (offset + piece.length > from) {
        const found = piece.indexOf(0x0a, Math.max(0, from - offset));
        if (found >= 0) return offset + found;
      }
      offset += piece.length;
    }
    return -1;
  }

  /** Removes and returns the first `count` buffered bytes (count ≤ buffered). */
  private take(count: number): Buffer {
    const joined = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces, this.buffered);
    const head = joined.subarray(0, count);
    const rest = joined.subarray(count);
    this.pieces = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }

  /** Reads one more chunk; false at end of stream. */
  private async pull(): Promise<boolean> {
    if (this.isDone) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.isDone = true;
      return false;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    this.pieces.push(chunk);
    this.buffered += chunk.length;
    return true;
  }
}
