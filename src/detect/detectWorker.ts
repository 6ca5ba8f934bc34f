import { parentPort, workerData } from "node:worker_threads";
import { compileRule } from "../rules/compile.js";
import { compileAllow } from "../rules/compileAllow.js";
import type { CompiledRule } from "../rules/types.js";
import { anchoredRuleSet } from "./ruleSet.js";
import { scanChunk } from "./scanChunk.js";
import { decodeUtf8 } from "../text/decode.js";
import type { WireBatch, WireFinding, WorkerInit, WireResult } from "./wire.js";

/**
 * Detector thread entry: compiles the rules it is given once, then scans batches of chunks (decoding
 * UTF-8 content here, off the reading thread), posting a batch's findings when it is done and the
 * chunk it is on to shared memory (the pool's deadline reads it).
 */
const init = workerData as WorkerInit;
const rules = init.rules.map((syntax) => {
  const outcome = compileRule(syntax);
  if (!outcome.ok) throw new Error(`rule ${syntax.id} does not compile in the detector thread`);
  return outcome.rule;
});
const indexOf = new Map<CompiledRule, number>(rules.map((rule, index) => [rule, index]));
const ruleSet = await anchoredRuleSet(rules, compileAllow(init.allow, []), init.keepAllowed);

parentPort?.on("message", (batch: WireBatch) => {
  const results: WireResult[] = [];
  for (const wire of batch.chunks) {
    if (init.progress) Atomics.store(init.progress, 0, wire.id);
    const utf8 = wire.utf8 ? new Uint8Array(batch.buffer, wire.utf8.offset, wire.utf8.length) : undefined;
    const chunk = {
      text: utf8 ? decodeUtf8(utf8) : (wire.text as string),
      ...(utf8 ? { utf8 } : {}),
      provenance: { type: "stdin" as const, path: wire.path },
      startLine: wire.startLine,
      ...(wire.onlyLines ? { onlyLines: new Set(wire.onlyLines) } : {}),
    };
    const findings: WireFinding[] = scanChunk(ruleSet, chunk, init.detect).map(({ rule, ...rest }) => ({
      ...rest,
      ruleIndex: indexOf.get(rule) as number,
    }));
    results.push({ id: wire.id, findings });
  }
  parentPort?.postMessage(results);
});
