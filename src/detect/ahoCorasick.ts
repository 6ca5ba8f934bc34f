import { WasmDfa } from "./wasmDfa.js";

/** Characters with a row in the transition table; any other code unit leads back to the root. */
const ALPHABET = 128;

/**
 * A case-insensitive Aho-Corasick automaton over ASCII keywords, compiled to a dense DFA: one table
 * lookup per character of the text, whatever the number of keywords. Upper-case letters have the
 * same transitions as lower-case ones, so the text is never lower-cased or copied.
 */
export class KeywordAutomaton {
  private readonly next: Int32Array;
  private readonly outputs: number[][];
  /** 1 for states where some keyword ends, so the scan loop reads a byte instead of an array. */
  private readonly accepting: Uint8Array;
  /** The longest keyword's length: how far apart two passes over the bytes must start to overlap. */
  private readonly longest: number;
  /** The byte loop in WebAssembly, built on first use; null when unavailable. */
  private wasm: WasmDfa | null | undefined;

  /** `keywords` must be ASCII; `outputs` of a match are indices into this array. `useWasm: false` keeps the byte loop in JavaScript. */
  constructor(keywords: readonly string[], options: { useWasm?: boolean } = {}) {
    const goto: Array<Map<number, number>> = [new Map()];
    const outputs: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (const code of foldedCodes(keyword)) {
        let target = goto[state]?.get(code);
        if (target === undefined) {
          target = goto.length;
          goto.push(new Map());
          outputs.push([]);
          goto[state]?.set(code, target);
        }
        state = target;
      }
      outputs[state]?.push(index);
    });
    this.next = buildDfa(goto, outputs);
    this.outputs = outputs;
    this.accepting = Uint8Array.from(outputs, (out) => (out.length > 0 ? 1 : 0));
    this.longest = Math.max(1, ...keywords.map((keyword) => keyword.length));
    if (options.useWasm === false) this.wasm = null;
  }

  /** Indices of the keywords that occur in `text` (each at most once, unordered). */
  matches(text: string): Set<number> {
    const found = new Set<number>();
    const { next, accepting } = this;
    const length = text.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      state = next[(state << 7) | (code < ALPHABET ? code : 0)] as number;
      if (accepting[state] === 1) for (const index of this.outputs[state] as number[]) found.add(index);
    }
    return found;
  }

  /**
   * The same answer as `matches` for the text these UTF-8 bytes decode to (even lossily): keywords
   * are ASCII, and every byte of a non-ASCII or invalid sequence is ≥ 0x80, which, like any non-ASCII
   * code unit, leads back to the root. Reads the bytes before (or instead of) decoding them.
   */
  matchesUtf8(bytes: Uint8Array): Set<number> {
    if (this.wasm === undefined) this.wasm = WasmDfa.create(this.next, this.accepting, this.longest - 1) ?? null;
    const states = this.wasm ? this.wasm.acceptingStates(bytes) : this.acceptingStatesOf(bytes);
    const found = new Set<number>();
    for (const state of states) for (const index of this.outputs[state] as number[]) found.add(index);
    return found;
  }

  /** The byte loop in JavaScript, where WebAssembly is not available. */
  private acceptingStatesOf(bytes: Uint8Array): number[] {
    const { next, accepting } = this;
    const reached = new Set<number>();
    let state = 0;
    for (let i = 0; i < bytes.length; i++) {
      const code = bytes[i] as number;
      state = next[(state << 7) | (code < ALPHABET ? code : 0)] as number;
      if (accepting[state] === 1) reached.add(state);
    }
    return [...reached];
  }
}

/** True when every keyword can go into the automaton (ASCII only). */
export function isAsciiKeyword(keyword: string): boolean {
  return /^[\x00-\x7f]+$/.test(keyword);
}

function foldedCodes(keyword: string): number[] {
  return [...keyword.toLowerCase()].map((char) => char.charCodeAt(0));
}

/** Breadth-first failure links, folded into a complete transition table with merged outputs. */
function buildDfa(goto: Array<Map<number, number>>, outputs: number[][]): Int32Array {
  const next = new Int32Array(goto.length * ALPHABET);
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let code = 0; code < ALPHABET; code++) {
    const target = goto[0]?.get(code) ?? 0;
    next[code] = target;
    if (target !== 0) queue.push(target);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const failState = fail[state] as number;
    outputs[state] = [...(outputs[state] as number[]), ...(outputs[failState] as number[])];
    for (let code = 0; code < ALPHABET; code++) {
      const target = goto[state]?.get(code);
      if (target === undefined) {
        next[state * ALPHABET + code] = next[failState * ALPHABET + code] as number;
      } else {
        fail[target] = next[failState * ALPHABET + code] as number;
        next[state * ALPHABET + code] = target;
        queue.push(target);
      }
    }
  }
  for (let state = 0; state < goto.length; state++) {
    for (let code = 65; code <= 90; code++) next[state * ALPHABET + code] = next[state * ALPHABET + code + 32] as number;
  }
  return next;
}
