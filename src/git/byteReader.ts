import type { Readable } from "node:stream";

/**
 * Reads a stream ahead of its consumer, up to `readAhead` bytes, and hands out a line up to `\n`,
 * an exact number of bytes, or the pieces as they came. Reading ahead lets the producer (a git
 * child process) go on while the consumer works: without it, git stopped whenever a pipe's worth
 * (64 KiB) was unread, and each side waited for the other in turn (`for await` over a stream
 * reads only to Node's 16 KiB high-water mark). Past the limit the stream is paused, so memory
 * stays bounded by `readAhead` plus what the caller asks for.
 */
export class ByteReader {
  private pieces: Buffer[] = [];
  private buffered = 0;
  private isEnded = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: Readable,
    private readonly readAhead: number,
  ) {
    stream.on("data", (chunk: Buffer | string) => {
      const piece = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      this.pieces.push(piece);
      this.buffered += piece.length;
      if (this.buffered >= this.readAhead) stream.pause();
      this.notify();
    });
    const ended = () => {
      this.isEnded = true;
      this.notify();
    };
    stream.on("end", ended);
    stream.on("close", ended);
    stream.on("error", (error: Error) => {
      this.failure = error;
      this.notify();
    });
  }

  /** The next line without its `\n`, or undefined at end of stream (a final unterminated line is returned). */
  async readLine(): Promise<string | undefined> {
    for (let scanned = 0; ; ) {
      const at = this.indexOfNewline(scanned);
      if (at >= 0) return this.take(at + 1).toString("utf8", 0, at);
      scanned = this.buffered;
      if (!(await this.more())) return this.buffered > 0 ? this.take(this.buffered).toString("utf8") : undefined;
    }
  }

  /** Exactly `count` bytes; rejects when the stream ends first. */
  async readExact(count: number): Promise<Buffer> {
    while (this.buffered < count) {
      if (!(await this.more())) throw new Error(`stream ended after ${this.buffered} of ${count} bytes`);
    }
    return this.take(count);
  }

  /**
   * The rest of the stream, piece by piece as it was read, for a consumer that splits it itself
   * (`git log`'s parser); rejects with the stream's error once the pieces before it are read.
   */
  async *readPieces(): AsyncGenerator<Buffer> {
    for (;;) {
      const piece = this.pieces.shift();
      if (piece === undefined) {
        if (!(await this.more())) return;
        continue;
      }
      this.consumed(piece.length);
      yield piece;
    }
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

  /**
   * Removes and returns the first `count` buffered bytes (count ≤ buffered): a view of the first
   * piece when it holds them all, else a buffer of their own (what `DeltaPlanner` may hold without
   * a copy). Nothing may be buffered when `count` is 0: an empty blob whose header line
   * ended exactly where a piece of git's output did.
   */
  private take(count: number): Buffer {
    if (count === 0) return Buffer.alloc(0);
    const first = this.pieces[0] as Buffer;
    let head: Buffer;
    if (first.length >= count) {
      head = first.subarray(0, count);
      if (first.length === count) this.pieces.shift();
      else this.pieces[0] = first.subarray(count);
    } else {
      // Copied into a buffer of its own, exactly its size: the rest of the last piece stays where it is.
      head = Buffer.allocUnsafeSlow(count);
      let copied = 0;
      while (copied < count) {
        const piece = this.pieces[0] as Buffer;
        const part = Math.min(piece.length, count - copied);
        piece.copy(head, copied, 0, part);
        copied += part;
        if (part === piece.length) this.pieces.shift();
        else this.pieces[0] = piece.subarray(part);
      }
    }
    this.consumed(count);
    return head;
  }

  /** Counts `count` bytes handed out, and reads on once below the limit again. */
  private consumed(count: number): void {
    this.buffered -= count;
    if (this.buffered < this.readAhead && this.stream.isPaused()) this.stream.resume();
  }

  /** Waits until more bytes are buffered; false at the end of the stream, throws its error. */
  private async more(): Promise<boolean> {
    const before = this.buffered;
    for (;;) {
      if (this.buffered > before) return true;
      if (this.failure) throw this.failure;
      if (this.isEnded) return false;
      if (this.stream.isPaused()) this.stream.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
