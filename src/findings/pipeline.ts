import type { RawFinding } from "../detect/scanChunk.js";
import type { CompiledRule } from "../rules/types.js";
import { ownProvenance, type Chunk, type Provenance } from "../text/chunk.js";
import { buildFinding, fingerprintOf, matchesByLine } from "./build.js";
import { finalizeFindings } from "./finalize.js";
import type { Suppressor } from "./suppressor.js";
import type { Finding } from "./types.js";

/**
 * The findings pipeline every mode runs, one chunk at a time: build each detector match into a
 * finding → mark what the config allow-list or an inline marker suppresses → dedupe → pair →
 * place at each of the chunk's placements (history's per-introduction fan-out). Dedupe and
 * pairing run before placement, so copies of one blob at one path by different commits are all
 * kept. The run's suppression files and its one sort come after, in `assembleResult`; history
 * marks exposure and refs in between.
 */
export class FindingsPipeline {
  /** Findings to report, so far. */
  readonly findings: Finding[] = [];
  /** Findings marked suppressed while scanning (config allow-list, inline markers). */
  readonly suppressed: Finding[] = [];

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly suppressor: Suppressor | undefined,
  ) {}

  /** Runs one chunk's matches through the pipeline; without `placements` findings stay where the chunk is. */
  addChunk(chunk: Chunk, raws: readonly RawFinding[], placements?: readonly Provenance[]): void {
    if (raws.length === 0) return;
    const byLine = matchesByLine(raws);
    const kept: Finding[] = [];
    const suppressed: Finding[] = [];
    for (const raw of raws) {
      const finding = buildFinding(raw, chunk.provenance, byLine.get(raw.startLine));
      const marked = this.suppressor ? this.suppressor.mark(finding, raw.allowedBy, raw) : finding;
      (marked.suppressed ? suppressed : kept).push(marked);
    }
    this.findings.push(...placeAll(finalizeFindings(kept, this.rules), placements));
    this.suppressed.push(...placeAll(finalizeFindings(suppressed, this.rules), placements));
  }
}

/**
 * One copy of each finding per placement, with that placement's path, fingerprint and
 * provenance (each copy its own provenance object: exposure and refs are set per finding). A
 * fingerprint is computed once per finding and path, reused from the build when the path is the chunk's.
 */
function placeAll(findings: readonly Finding[], placements: readonly Provenance[] | undefined): readonly Finding[] {
  if (!placements) return findings;
  const placed: Finding[] = [];
  for (const finding of findings) {
    const fingerprints = new Map([[finding.path, finding.fingerprint]]);
    for (const provenance of placements) {
      let fingerprint = fingerprints.get(provenance.path);
      if (fingerprint === undefined) {
        fingerprint = fingerprintOf(finding.ruleId, finding.secretHash, provenance.path);
        fingerprints.set(provenance.path, fingerprint);
      }
      placed.push({ ...finding, path: provenance.path, fingerprint, provenance: ownProvenance(provenance) });
    }
  }
  return placed;
}
