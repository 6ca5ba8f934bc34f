import type { AllowSyntax, RuleSyntax } from "../rules/types.js";
import type { Chunk } from "../text/chunk.js";
import type { RawFinding } from "./scanChunk.js";
import type { DetectOptions } from "./scanChunk.js";

/** Sent once to each detector thread: the rules and allow-list as written, compiled there. */
export interface WorkerInit {
  rules: RuleSyntax[];
  allow: AllowSyntax;
  keepAllowed: boolean;
  detect: DetectOptions;
  /** Shared memory the thread writes the id of the chunk it starts matching to (`[0]`); per thread. */
  progress?: Int32Array;
}

/**
 * The part of a chunk a thread needs (provenance reduced to the path rules and allow-lists see).
 * Content is either text, or UTF-8 bytes at `[offset, offset + length)` of the batch's buffer.
 */
interface WireChunk {
  id: number;
  text?: string;
  utf8?: { offset: number; length: number };
  path: string;
  startLine: number;
  onlyLines?: number[];
}

/** Pool → thread: a batch of chunks; the UTF-8 content of all of them is packed into `buffer`, which is moved, not copied. */
export interface WireBatch {
  buffer: ArrayBuffer;
  chunks: WireChunk[];
}

/** A raw finding as it crosses threads: the rule by index instead of by object. */
export type WireFinding = Omit<RawFinding, "rule"> & { ruleIndex: number };

/** One chunk's findings; a thread sends a batch's results together, when the batch is done. */
export interface WireResult {
  id: number;
  findings: WireFinding[];
}

/** Packs chunks for one thread: byte content is copied into one fresh buffer (to transfer); text goes as is. */
export function toWireBatch(entries: ReadonlyArray<{ id: number; chunk: Chunk }>): WireBatch {
  const total = entries.reduce((sum, { chunk }) => sum + (chunk.utf8?.length ?? 0), 0);
  const packed = new Uint8Array(total);
  let offset = 0;
  const chunks = entries.map(({ id, chunk }): WireChunk => {
    const base = {
      id,
      path: chunk.provenance.path,
      startLine: chunk.startLine,
      ...(chunk.onlyLines ? { onlyLines: [...chunk.onlyLines] } : {}),
    };
    if (!chunk.utf8) return { ...base, text: chunk.text };
    packed.set(chunk.utf8, offset);
    const wire = { ...base, utf8: { offset, length: chunk.utf8.length } };
    offset += chunk.utf8.length;
    return wire;
  });
  return { buffer: packed.buffer, chunks };
}
