import { KeywordBuckets } from "./keywordBuckets.js";
import { keywordsBySearch } from "./keywordSearch.js";
import { REPORT_ONCE, TRACK_ENDS, type TrackedEnds, WasmDfa } from "./wasmDfa.js";

/** Characters with a row in the transition table; any other code unit leads back to the root. */
const ALPHABET = 128;
/** Inputs smaller than this are scanned in JavaScript until the WebAssembly loop has been built. */
const WASM_MIN_BYTES = 64 * 1024;
/** At most this many keywords are tracked. */
const MAX_TRACKED = 4096;

/**
 * Input scanned without the DFA (see `KeywordBuckets`) before it is built: a pre-commit run's few
 * files never pay for building it, and a large scan builds it once it has seen this much.
 */
const SMALL_INPUT_BYTES = 256 * 1024;

/**
 * Of the small input, how much is searched keyword by keyword (see `keywordsBySearch`) before the
 * buckets are built: a pass per keyword (~1,200) suits the few kilobytes of a pre-commit run, not
 * a tree of small files.
 */
const SEARCH_INPUT_BYTES = 16 * 1024;

/** The dense DFA and what its states report, built on first need (see `KeywordAutomaton.dfa`). */
interface Dfa {
  next: Int32Array;
  outputs: number[][];
  /** 1 for states where some keyword ends, so the scan loop reads a byte instead of an array. */
  accepting: Uint8Array;
  /**
   * Per state, the tracked ids (see `scanUtf8`) of the keywords ending there, flat: state `s`'s
   * ids are `trackedFlat[trackedFirst[s]…trackedFirst[s + 1])`.
   */
  trackedFirst: Int32Array;
  trackedFlat: Int32Array;
}

/**
 * Each tracked keyword's starts in one scan, ascending: `of(id)` for the keyword with tracked id
 * `id` (see `KeywordAutomaton.trackedIds`); empty when it does not occur.
 */
export interface TrackedStarts {
  of(id: number): Int32Array;
  /** How many starts `of(id)` holds, without making a view of them. */
  count(id: number): number;
}

/**
 * A case-insensitive Aho-Corasick automaton over ASCII keywords, compiled to a dense DFA: one table
 * lookup per character of the text, whatever the number of keywords. Upper-case letters have the
 * same transitions as lower-case ones, so the text is never lower-cased or copied. The DFA is built
 * on first need; until then, small inputs are scanned with `KeywordBuckets` (the first 16 KiB with
 * `keywordsBySearch`), which find the same keywords.
 */
export class KeywordAutomaton {
  private readonly keywords: readonly string[];
  private built: Dfa | undefined;
  /** Finds keywords in small inputs until the DFA is built; undefined when positions are tracked. */
  private buckets: KeywordBuckets | undefined;
  /** Bytes (or code units) scanned so far without the DFA; past `smallInputBytes`, the DFA is built. */
  private bytesWithoutDfa = 0;
  private readonly smallInputBytes: number;
  /** While no more than this was scanned without the DFA, keywords are searched for one by one. */
  private readonly searchInputBytes: number;
  /** The keywords lower-cased, for `keywordsBySearch`; made on first use. */
  private lowerKeywords: string[] | undefined;
  /** The longest keyword's length: how far apart two passes over the bytes must start to overlap. */
  private readonly longest: number;
  /** The byte loop in WebAssembly, built on first use; null when unavailable. */
  private wasm: WasmDfa | null | undefined;
  /** `useWasm: true`: build the WebAssembly loop whatever the input size. */
  private readonly isWasmForced: boolean;
  /** Per tracked id, the keyword's length. */
  private readonly trackedLengths: number[];
  /**
   * `trackedStarts`'s per-keyword slice bounds (0 but for the keywords its last call saw, listed
   * in `touched`), and a count of its calls.
   */
  private readonly scratch: {
    firsts: Int32Array;
    cursors: Int32Array;
    touched: Int32Array;
    touchedCount: number;
    generation: number;
  };
  /** Per keyword index, its tracked id, or -1. */
  readonly trackedIds: Int32Array;

  /**
   * `keywords` must be ASCII; `outputs` of a match are indices into this array. `tracked` keywords
   * also have their positions reported by `scanUtf8`. `useWasm`: false keeps the byte loop in
   * JavaScript; true uses WebAssembly from the first input; by default small inputs stay in
   * JavaScript until a large one (or tracking) makes building it worthwhile. `smallInputBytes`:
   * how much input is scanned without the DFA before it is built (0: from the first input).
   * `searchInputBytes`: how much of that is searched keyword by keyword before the buckets are built.
   */
  constructor(
    keywords: readonly string[],
    options: {
      useWasm?: boolean;
      tracked?: ReadonlySet<number>;
      smallInputBytes?: number;
      searchInputBytes?: number;
    } = {},
  ) {
    this.keywords = keywords;
    this.longest = Math.max(1, ...keywords.map((keyword) => keyword.length));
    this.trackedIds = Int32Array.from(keywords, () => -1);
    this.trackedLengths = [];
    for (const index of [...(options.tracked ?? [])].sort((a, b) => a - b)) {
      if (this.trackedLengths.length >= MAX_TRACKED) break;
      this.trackedIds[index] = this.trackedLengths.length;
      this.trackedLengths.push((keywords[index] as string).length);
    }
    const tracked = this.trackedLengths.length;
    this.scratch = {
      firsts: new Int32Array(tracked),
      cursors: new Int32Array(tracked),
      touched: new Int32Array(tracked),
      touchedCount: 0,
      generation: 0,
    };
    this.smallInputBytes = this.trackedLengths.length > 0 ? 0 : (options.smallInputBytes ?? SMALL_INPUT_BYTES);
    this.searchInputBytes = Math.min(this.smallInputBytes, options.searchInputBytes ?? SEARCH_INPUT_BYTES);
    if (options.useWasm === false) this.wasm = null;
    this.isWasmForced = options.useWasm === true;
  }

  /** The DFA, built on first call. */
  private dfa(): Dfa {
    if (this.built) return this.built;
    const goto: Array<Map<number, number>> = [new Map()];
    const outputs: number[][] = [[]];
    this.keywords.forEach((keyword, index) => {
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
    const next = buildDfa(goto, outputs);
    const trackedOutputs = outputs.map((out) =>
      out.flatMap((index) => ((this.trackedIds[index] as number) >= 0 ? [this.trackedIds[index] as number] : [])),
    );
    const accepting = Uint8Array.from(outputs, (out) => (out.length > 0 ? 1 : 0));
    const trackedFirst = new Int32Array(trackedOutputs.length + 1);
    trackedOutputs.forEach((ids, state) => {
      trackedFirst[state + 1] = (trackedFirst[state] as number) + ids.length;
    });
    const trackedFlat = Int32Array.from(trackedOutputs.flat());
    this.built = { next, outputs, accepting, trackedFirst, trackedFlat };
    this.buckets = undefined;
    return this.built;
  }

  /** True when `size` more bytes may still be scanned without the DFA (and counts them). */
  private isSmallInput(size: number): boolean {
    if (this.built || this.isWasmForced || this.bytesWithoutDfa + size > this.smallInputBytes) return false;
    this.bytesWithoutDfa += size;
    return true;
  }

  /** Indices of the keywords that occur in `text` (each at most once, unordered). */
  matches(text: string): Set<number> {
    // UTF-8 holds the same ASCII keywords: every byte of a non-ASCII character is ≥ 0x80.
    if (this.isSmallInput(text.length)) return this.smallScan(Buffer.from(text, "utf8"));
    const found = new Set<number>();
    const { next, accepting, outputs } = this.dfa();
    const length = text.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      state = next[(state << 7) | (code < ALPHABET ? code : 0)] as number;
      if (accepting[state] === 1) for (const index of outputs[state] as number[]) found.add(index);
    }
    return found;
  }

  /**
   * The same keywords as `matches` finds in the text these UTF-8 bytes decode to (even lossily):
   * keywords are ASCII, and every byte of a non-ASCII or invalid sequence is ≥ 0x80, which, like
   * any non-ASCII code unit, leads back to the root. Also where tracked keywords end (see
   * `trackedStarts`); `ends` is undefined when positions are not known (no WebAssembly, or too many).
   */
  scanUtf8(bytes: Uint8Array): { keywords: Set<number>; ends: TrackedEnds | undefined } {
    if (this.isSmallInput(bytes.length)) return { keywords: this.smallScan(bytes), ends: undefined };
    const { outputs } = this.dfa();
    // Building the WebAssembly table costs a few milliseconds: not worth it for one small file (a
    // pre-commit run), unless positions are wanted.
    const isWorthBuilding = this.isWasmForced || bytes.length >= WASM_MIN_BYTES || this.trackedLengths.length > 0;
    if (this.wasm === undefined && isWorthBuilding)
      this.wasm = WasmDfa.create(this.dfa().next, this.stateFlags(), this.longest - 1) ?? null;
    const scan = this.wasm ? this.wasm.run(bytes) : { states: this.acceptingStatesOf(bytes), ends: undefined };
    const keywords = new Set<number>();
    for (const state of scan.states) for (const index of outputs[state] as number[]) keywords.add(index);
    return { keywords, ends: scan.ends };
  }

  /**
   * Each tracked keyword's starts, ascending, from a scan's ends (their offsets in bytes, or mapped
   * to the text's code units: a keyword is ASCII, so it starts its length less one before its end).
   * The ends ascend, so each keyword's starts do: they are counted per keyword, then laid out in
   * one array, each keyword's in its own slice, in the order they come. No sort, no array per
   * keyword, and no work for a keyword that does not occur (a chunk has a few of the ~1,000).
   * Valid until the next call, which reuses the per-keyword positions.
   */
  trackedStarts(ends: TrackedEnds): TrackedStarts {
    const { trackedFirst, trackedFlat } = this.dfa();
    const scratch = this.scratch;
    const { firsts, cursors, touched } = scratch;
    for (let k = 0; k < scratch.touchedCount; k++) {
      firsts[touched[k] as number] = 0;
      cursors[touched[k] as number] = 0;
    }
    const generation = ++scratch.generation;
    const { offsets, states } = ends;
    let touchedCount = 0;
    for (let i = 0; i < states.length; i++) {
      const state = states[i] as number;
      for (let j = trackedFirst[state] as number; j < (trackedFirst[state + 1] as number); j++) {
        const id = trackedFlat[j] as number;
        if ((cursors[id] as number) === 0) touched[touchedCount++] = id;
        (cursors[id] as number)++;
      }
    }
    scratch.touchedCount = touchedCount;
    let at = 0;
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k] as number;
      firsts[id] = at;
      at += cursors[id] as number;
      cursors[id] = firsts[id] as number;
    }
    const starts = new Int32Array(at);
    for (let i = 0; i < states.length; i++) {
      const state = states[i] as number;
      const end = offsets[i] as number;
      for (let j = trackedFirst[state] as number; j < (trackedFirst[state + 1] as number); j++) {
        const id = trackedFlat[j] as number;
        starts[(cursors[id] as number)++] = end - (this.trackedLengths[id] as number) + 1;
      }
    }
    const checkGeneration = () => {
      if (generation !== scratch.generation) throw new Error("tracked starts read after the next scan's");
    };
    return {
      of: (id) => {
        checkGeneration();
        return starts.subarray(firsts[id], cursors[id]);
      },
      count: (id) => {
        checkGeneration();
        return (cursors[id] as number) - (firsts[id] as number);
      },
    };
  }

  /** Keywords in a small input (already counted by `isSmallInput`): searched for while little was scanned, then by the buckets. */
  private smallScan(bytes: Uint8Array): Set<number> {
    if (this.bytesWithoutDfa > this.searchInputBytes) return this.smallScanner().scan(bytes);
    this.lowerKeywords ??= this.keywords.map((keyword) => keyword.toLowerCase());
    return keywordsBySearch(bytes, this.lowerKeywords);
  }

  private smallScanner(): KeywordBuckets {
    this.buckets ??= new KeywordBuckets(this.keywords);
    return this.buckets;
  }

  private stateFlags(): Uint8Array {
    const { outputs, trackedFirst } = this.dfa();
    return Uint8Array.from(
      outputs,
      (out, state) =>
        (out.length > 0 ? REPORT_ONCE : 0) |
        ((trackedFirst[state + 1] as number) > (trackedFirst[state] as number) ? TRACK_ENDS : 0),
    );
  }

  /** The byte loop in JavaScript, where WebAssembly is not available. */
  private acceptingStatesOf(bytes: Uint8Array): number[] {
    const { next, accepting } = this.dfa();
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

/**
 * Breadth-first failure links, folded into a complete transition table with merged outputs. Each
 * state's row starts as a copy of its failure state's row (built earlier, breadth first) with the
 * state's own transitions written over it, upper-case letters as their lower-case ones; native
 * copies instead of a lookup per state and character keep a detector thread's start short.
 */
function buildDfa(goto: Array<Map<number, number>>, outputs: number[][]): Int32Array {
  const next = new Int32Array(goto.length * ALPHABET);
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (const [code, target] of goto[0] as Map<number, number>) {
    setTransition(next, 0, code, target);
    queue.push(target);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const failState = fail[state] as number;
    outputs[state] = [...(outputs[state] as number[]), ...(outputs[failState] as number[])];
    next.copyWithin(state * ALPHABET, failState * ALPHABET, (failState + 1) * ALPHABET);
    for (const [code, target] of goto[state] as Map<number, number>) {
      fail[target] = next[failState * ALPHABET + code] as number;
      setTransition(next, state, code, target);
      queue.push(target);
    }
  }
  return next;
}

/** `state` goes to `target` on `code`, a lower-cased keyword character, and on its upper-case form. */
function setTransition(next: Int32Array, state: number, code: number, target: number): void {
  next[state * ALPHABET + code] = target;
  if (code >= 97 && code <= 122) next[state * ALPHABET + code - 32] = target;
}
