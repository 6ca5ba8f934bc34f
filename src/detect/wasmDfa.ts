import {
  align,
  ensureMemory,
  I32,
  i32,
  instantiate,
  op,
  PAGE,
  sleb,
  uleb,
  VOID,
  type WasmMemory,
} from "../util/wasmAsm.js";

/**
 * The keyword automaton's byte loop as a tiny WebAssembly function, built here from opcodes (see
 * `wasmAsm.ts`). A DFA step is one table load that depends on the previous one, so a
 * single pass waits on memory latency; this function runs four passes over four overlapping quarters
 * of the input side by side, which keeps the CPU's load units busy: about 3.5× the speed of the
 * JavaScript loop over the same bytes. States flagged to report are written out once each; states
 * flagged to track have every position where they are reached written out (anchor literals).
 */

/** Independent passes run side by side; the opcodes below are written for exactly this many. */
const STREAMS = 4;

type ScanFunction = (s0: number, s1: number, s2: number, s3: number, length: number) => number;

/** State flag: report the state once per scan (some keyword ends there). */
export const REPORT_ONCE = 1;
/** State flag: record every position where the state is reached (a tracked keyword ends there). */
export const TRACK_ENDS = 2;
/** Positions each pass records at most; beyond that a scan reports that it has none. */
const MAX_ENDS = 1 << 17;

/**
 * Where tracked states were reached, ascending and each once: `offsets[i]` is the byte offset of a
 * keyword's last byte, `states[i]` the state reached there.
 */
export interface TrackedEnds {
  offsets: Int32Array;
  states: Int32Array;
}

/**
 * What one scan found: the flagged-to-report states reached (each once, a view valid until the
 * next scan), and where tracked states were reached; `ends` is undefined when a pass reached them
 * more than `MAX_ENDS` times.
 */
export interface DfaScan {
  states: Int32Array;
  ends: TrackedEnds | undefined;
}

/**
 * Runs a 128-column DFA (`next[state << 7 | code]`, codes ≥ 128 treated as code 0) over UTF-8 bytes.
 * `overlap` must be at least the longest keyword's length minus one, so a keyword that straddles two
 * quarters is seen whole by one pass. Undefined when WebAssembly is unavailable (`--jitless`) or
 * the automaton has too many states for 16-bit entries; callers then use their own loop.
 */
export class WasmDfa {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly scan: ScanFunction,
    private readonly flags: Uint8Array,
    private readonly layout: Layout,
    private readonly overlap: number,
  ) {}

  /** `flags[state]`: `REPORT_ONCE` and/or `TRACK_ENDS` bits, 0 for states with nothing to say. */
  static create(next: Int32Array, flags: Uint8Array, overlap: number): WasmDfa | undefined {
    const states = flags.length;
    if (states > 0xffff) return undefined;
    const layout = layoutFor(states);
    const built = instantiate<ScanFunction>("scan", 5, LOCALS, body(layout));
    if (!built) return undefined;
    const { memory, run: scan } = built;
    ensureMemory(memory, layout.input);
    new Uint8Array(memory.buffer, layout.flags, states).set(flags);
    const table = new Uint16Array(memory.buffer, layout.table, states * 256);
    for (let state = 0; state < states; state++) {
      table.set(next.subarray(state << 7, (state + 1) << 7), state * 256);
      table.fill(next[state << 7] as number, state * 256 + 128, (state + 1) * 256);
    }
    return new WasmDfa(memory, scan, flags, layout, overlap);
  }

  /** Scans `bytes`: see `DfaScan`. */
  run(bytes: Uint8Array): DfaScan {
    const size = bytes.length;
    ensureMemory(this.memory, this.layout.input + size);
    const heap = new Uint8Array(this.memory.buffer);
    heap.set(bytes, this.layout.input);
    const quarter = Math.ceil(size / STREAMS);
    const length = Math.min(size, quarter + this.overlap);
    const starts = [0, 1, 2, 3].map(
      (k) => this.layout.input + Math.min(Math.max(0, k * quarter - this.overlap), size - length),
    );
    const count = this.scan(starts[0] as number, starts[1] as number, starts[2] as number, starts[3] as number, length);
    const states = new Int32Array(this.memory.buffer, this.layout.found, count);
    // The scan cleared the report bit of each state it reported: set it again for the next scan.
    for (const state of states) heap[this.layout.flags + state] = this.flags[state] as number;
    return { states, ends: this.trackedEnds(size, quarter) };
  }

  /**
   * The passes' `(state, address)` pairs as one ascending list, without sorting: each pass records
   * in order, and keeps only the ends in its own quarter (`[k × quarter, (k + 1) × quarter)`),
   * which it reads with at least `overlap` bytes in front, so no keyword ending there is missed
   * and none is counted twice.
   */
  private trackedEnds(size: number, quarter: number): TrackedEnds | undefined {
    const counts = new Int32Array(this.memory.buffer, this.layout.endCounts, STREAMS);
    if (counts.some((count) => count > MAX_ENDS)) return undefined;
    let total = 0;
    for (const count of counts) total += count;
    const offsets = new Int32Array(total);
    const states = new Int32Array(total);
    let kept = 0;
    for (let k = 0; k < STREAMS; k++) {
      const pairs = new Int32Array(this.memory.buffer, this.layout.ends + k * MAX_ENDS * 8, (counts[k] as number) * 2);
      const from = k * quarter;
      const to = Math.min(size, from + quarter);
      for (let i = 0; i < pairs.length; i += 2) {
        const offset = (pairs[i + 1] as number) - this.layout.input;
        if (offset < from || offset >= to) continue;
        offsets[kept] = offset;
        states[kept++] = pairs[i] as number;
      }
    }
    return { offsets: offsets.subarray(0, kept), states: states.subarray(0, kept) };
  }
}

/**
 * Byte offsets in linear memory: the u16 table, the state flags, the found states, each pass's end
 * count, each pass's end pairs (`MAX_ENDS` apiece), the input.
 */
interface Layout {
  table: number;
  flags: number;
  found: number;
  endCounts: number;
  ends: number;
  input: number;
}

function layoutFor(states: number): Layout {
  const flags = states * 256 * 2;
  const found = align(flags + states, 8);
  const endCounts = found + states * 4;
  const ends = endCounts + STREAMS * 4;
  return { table: 0, flags, found, endCounts, ends, input: align(ends + STREAMS * MAX_ENDS * 8, PAGE) };
}

/**
 * Locals: params 0–3 are the passes' start addresses, 4 the length each reads; then states, the
 * found count, index, flags and each pass's end count.
 */
const STATE = [5, 6, 7, 8] as const;
const COUNT = 9;
const INDEX = 10;
const FLAGS = 11;
const END_COUNT = [12, 13, 14, 15] as const;
const LOCALS = new Array<number>(11).fill(I32);

/** One DFA step of pass `k`: the next state from the byte at `start_k + index`, then what its flags ask for. */
function step(k: number, layout: Layout): number[] {
  const state = STATE[k] as number;
  const endCount = END_COUNT[k] as number;
  const ends = layout.ends + k * MAX_ENDS * 8;
  const address = [op.get, k, op.get, INDEX, i32.add];
  return [
    ...[op.get, state, op.const, 8, i32.shl, ...address, i32.load8u, 0, 0, i32.or, op.const, 1, i32.shl],
    ...[
      i32.load16u,
      1,
      ...uleb(layout.table),
      op.tee,
      state,
      i32.load8u,
      0,
      ...uleb(layout.flags),
      op.tee,
      FLAGS,
      op.if,
      VOID,
    ],
    // TRACK_ENDS: record (state, address) while there is room; always count.
    ...[op.get, FLAGS, op.const, TRACK_ENDS, i32.and, op.if, VOID],
    ...[op.get, endCount, op.const, ...sleb(MAX_ENDS), i32.ltU, op.if, VOID],
    ...[op.get, endCount, op.const, 3, i32.shl, op.get, state, i32.store, 2, ...uleb(ends)],
    ...[op.get, endCount, op.const, 3, i32.shl, ...address, i32.store, 2, ...uleb(ends + 4), op.end],
    ...[op.get, endCount, op.const, 1, i32.add, op.set, endCount, op.end],
    // REPORT_ONCE: record the state and clear the bit.
    ...[op.get, FLAGS, op.const, REPORT_ONCE, i32.and, op.if, VOID],
    ...[op.get, state, op.get, FLAGS, op.const, TRACK_ENDS, i32.and, i32.store8, 0, ...uleb(layout.flags)],
    ...[op.get, COUNT, op.const, 2, i32.shl, op.get, state, i32.store, 2, ...uleb(layout.found)],
    ...[op.get, COUNT, op.const, 1, i32.add, op.set, COUNT, op.end, op.end],
  ];
}

/** `scan(s0, s1, s2, s3, length) → count`: four passes over `length` bytes each; see `DfaScan` for what is written. */
function body(layout: Layout): number[] {
  return [
    ...[op.block, VOID, op.loop, VOID, op.get, INDEX, op.get, 4, i32.geU, op.brIf, 1],
    ...step(0, layout),
    ...step(1, layout),
    ...step(2, layout),
    ...step(3, layout),
    ...[op.get, INDEX, op.const, 1, i32.add, op.set, INDEX, op.br, 0, op.end, op.end],
    ...END_COUNT.flatMap((local, k) => [op.const, ...sleb(layout.endCounts + k * 4), op.get, local, i32.store, 2, 0]),
    ...[op.get, COUNT, op.end],
  ];
}
