import {
  copySimdInput,
  ensureMemory,
  I32,
  i32,
  instantiate,
  op,
  SIMD,
  SIMD_PADDING,
  uleb,
  v128,
  VOID,
  type WasmMemory,
} from "../util/wasmAsm.js";

/**
 * Input copied into linear memory at a time; the offsets found for it go after it and its padding,
 * behind a 0.
 */
const SLICE = 1 << 20;
const OUT = SLICE + SIMD_PADDING;

type StartsFunction = (length: number, base: number) => number;

/** Params 0 (length) and 1 (what to add to each offset), then the locals. */
const LENGTH = 0;
const BASE = 1;
const AT = 2;
const MASK = 3;
const COUNT = 4;
const LOCALS = [I32, I32, I32];

/**
 * Finds every `\n` in bytes with WebAssembly SIMD: 16 bytes compared at a time, and a block's
 * newlines read off its 16-bit mask. A line table of a blob (see `lineTable`) costs a native
 * `indexOf` call per line otherwise: ~1.5 ns a byte on C sources, over a gigabyte of blobs in a
 * history audit of redis/redis.
 */
export class NewlineFinder {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly find: StartsFunction,
  ) {}

  /** Undefined when WebAssembly is unavailable (`--jitless`). */
  static create(): NewlineFinder | undefined {
    const built = instantiate<StartsFunction>("starts", 2, LOCALS, body());
    if (!built) return undefined;
    ensureMemory(built.memory, OUT + 4 + SLICE * 4);
    return new NewlineFinder(built.memory, built.run);
  }

  /** `[0, …offsets just past each \n]`: where the lines of `bytes` start, when only `\n` ends a line. */
  lineStarts(bytes: Uint8Array): Uint32Array {
    const pieces: Uint32Array[] = [];
    let count = 0;
    for (let from = 0; from === 0 || from < bytes.length; from += SLICE) {
      const slice = bytes.subarray(from, from + SLICE);
      copySimdInput(this.memory, slice);
      const found = this.find(slice.length, from);
      // The first slice's offsets come after the 0 kept in front of them.
      const piece =
        from === 0
          ? new Uint32Array(this.memory.buffer, OUT, found + 1)
          : new Uint32Array(this.memory.buffer, OUT + 4, found);
      pieces.push(piece.slice());
      count += piece.length;
    }
    if (pieces.length === 1) return pieces[0] as Uint32Array;
    const starts = new Uint32Array(count);
    let at = 0;
    for (const piece of pieces) {
      starts.set(piece, at);
      at += piece.length;
    }
    return starts;
  }
}

/** `starts(length, base) → count`: writes, for each `\n` in `[0, length)`, the offset after it plus `base`. */
function body(): number[] {
  return [
    ...[op.block, VOID, op.loop, VOID, op.get, AT, op.get, LENGTH, i32.geU, op.brIf, 1],
    ...[op.get, AT, SIMD, v128.load, 0, 0, op.const, 10, SIMD, v128.splat8, SIMD, v128.eq8, SIMD, v128.bitmask8],
    ...[op.set, MASK, op.block, VOID, op.loop, VOID, op.get, MASK, i32.eqz, op.brIf, 1],
    // out[count++] = base + at + lowest bit + 1; then that bit is cleared.
    ...[op.get, COUNT, op.const, 2, i32.shl, op.get, AT, op.get, MASK, i32.ctz, i32.add, op.const, 1, i32.add],
    ...[op.get, BASE, i32.add],
    ...[i32.store, 2, ...uleb(OUT + 4)],
    ...[op.get, COUNT, op.const, 1, i32.add, op.set, COUNT],
    ...[op.get, MASK, op.get, MASK, op.const, 1, i32.sub, i32.and, op.set, MASK, op.br, 0, op.end, op.end],
    ...[op.get, AT, op.const, 16, i32.add, op.set, AT, op.br, 0, op.end, op.end],
    ...[op.get, COUNT, op.end],
  ];
}
