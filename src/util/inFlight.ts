/**
 * Bounds how much work is in flight: `add` returns once there is room again. Waiting costs one
 * promise per wait, not one handler per pending task (which `Promise.race` over a large set would).
 */
export class InFlight {
  private count = 0;
  private bytes = 0;
  private wake: (() => void) | undefined;
  private readonly tasks = new Set<Promise<void>>();

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  /** Tracks `task` (holding `bytes` of input) and waits while the window is full. */
  async add(task: Promise<void>, bytes: number): Promise<void> {
    this.count += 1;
    this.bytes += bytes;
    const tracked = task.finally(() => {
      this.count -= 1;
      this.bytes -= bytes;
      this.tasks.delete(tracked);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
    this.tasks.add(tracked);
    while (this.count >= this.maxCount || this.bytes >= this.maxBytes)
      await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Waits for every task added so far; rejects if any of them failed. */
  async drain(): Promise<void> {
    await Promise.all([...this.tasks]);
  }
}
