/**
 * Just enough of WebAssembly's binary format to build a module of one exported function over one
 * exported memory, from opcodes written in TypeScript: no binary file, no toolchain. Byte loops
 * that JavaScript runs slowly (the keyword DFA, the base64 run search, the newline search) are
 * built with it.
 */

/** A WebAssembly memory page, in bytes. */
export const PAGE = 65536;

/** The part of the WebAssembly API used here (TypeScript's Node typings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** A module's linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Value types i32 and v128, and the empty block type. */
export const I32 = 0x7f;
export const V128 = 0x7b;
export const VOID = 0x40;

/** Control and local-variable opcodes. */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  const: 0x41,
} as const;

/** i32 opcodes (loads and stores take an alignment and an offset after them). */
export const i32 = {
  load8u: 0x2d,
  load16u: 0x2f,
  store: 0x36,
  store8: 0x3a,
  eqz: 0x45,
  ltU: 0x49,
  geU: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  and: 0x71,
  or: 0x72,
  shl: 0x74,
  shrU: 0x76,
  ctz: 0x68,
} as const;

/** SIMD opcodes, each after the `SIMD` prefix (`v128.load` takes an alignment and an offset; `i8x16.splat` an i32). */
export const SIMD = 0xfd;
export const v128 = {
  load: 0x00,
  splat8: 0x0f,
  eq8: 0x23,
  ltU8: 0x26,
  or: 0x50,
  bitmask8: 0x64,
  sub8: 0x71,
} as const;

/**
 * Instantiates a module whose one function, exported as `name`, takes `params` i32 parameters, has
 * more locals of the types `locals` lists and returns an i32 computed by `body` (which ends with
 * `op.end`); its memory is exported as `memory`. Undefined when WebAssembly is unavailable
 * (`--jitless`).
 */
export function instantiate<F>(
  name: string,
  params: number,
  locals: readonly number[],
  body: number[],
): { run: F; memory: WasmMemory } | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return undefined;
  const code = [...uleb(locals.length), ...locals.flatMap((type) => [1, type]), ...body];
  const bytes = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params, ...new Array<number>(params).fill(I32), 1, I32]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 0]),
    ...section(7, [2, ...text(name), 0, 0, ...text("memory"), 2, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
  const { exports } = new wasm.Instance(new wasm.Module(bytes));
  return { run: exports[name] as F, memory: exports.memory as WasmMemory };
}

/** Grows `memory` so that it holds at least `bytes`. */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
}

/**
 * Zero bytes after input a SIMD loop reads 16 bytes at a time: its last block reads into them,
 * and zeros are in no alphabet it looks for.
 */
export const SIMD_PADDING = 16;

/** Copies `bytes` to address 0 of `memory` (already large enough), followed by `SIMD_PADDING` zero bytes. */
export function copySimdInput(memory: WasmMemory, bytes: Uint8Array): void {
  const heap = new Uint8Array(memory.buffer);
  heap.set(bytes, 0);
  heap.fill(0, bytes.length, bytes.length + SIMD_PADDING);
}

/** `value` rounded up to a multiple of `to` (a layout's next aligned offset). */
export function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function text(value: string): number[] {
  return [value.length, ...Array.from(value, (char) => char.charCodeAt(0))];
}

/** Unsigned LEB128, as memory offsets and sizes are written. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest & 0x7f;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return out;
}

/** Signed LEB128, as `i32.const` operands are written. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0)) return [...out, low];
    out.push(low | 0x80);
  }
}
