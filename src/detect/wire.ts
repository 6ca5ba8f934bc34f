import type { AllowSyntax, RuleSyntax } from "../rules/types.js";
import type { Chunk } from "../sources/types.js";
import type { RawFinding } from "./scanChunk.js";
import type { DetectOptions } from "./scanChunk.js";

/** Sent once to each detector thread: the rules and allow-list as written, compiled there. */
export interface WorkerInit {
  rules: RuleSyntax[];
  allow: AllowSyntax;
  keepAllowed: boolean;
  detect: DetectOptions;
}

/** The part of a chunk a thread needs (provenance reduced to the path rules and allow-lists see). */
export interface WireChunk {
  id: number;
  text: string;
  path: string;
  startLine: number;
  onlyLines?: number[];
}

/** A raw finding as it crosses threads: the rule by index instead of by object. */
export type WireFinding = Omit<RawFinding, "rule"> & { ruleIndex: number };

/** Thread → pool: one chunk's findings (sent as each chunk finishes, so a timeout knows which one hung). */
export interface WireResult {
  id: number;
  findings: WireFinding[];
}

/** Reduces a chunk to what crosses the thread boundary. */
export function toWireChunk(id: number, chunk: Chunk): WireChunk {
  return {
    id,
    text: chunk.text,
    path: chunk.provenance.path,
    startLine: chunk.startLine,
    ...(chunk.onlyLines ? { onlyLines: [...chunk.onlyLines] } : {}),
  };
}
