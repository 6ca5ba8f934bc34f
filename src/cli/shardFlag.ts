import type { Shard } from "../modes/shard.js";
import { type ParsedCommand, UsageError } from "./parse.js";

/** More shards than this is a typo, not a CI matrix. */
const MAX_SHARDS = 1000;

/** `--shard I/N` as a Shard, undefined when the flag is absent; a UsageError for anything but 1 ≤ I ≤ N. */
export function shardOf(values: ParsedCommand["values"]): Shard | undefined {
  const text = values.shard;
  if (typeof text !== "string") return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`--shard takes I/N, shard I of N (got "${text}"${guess(text)})`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new UsageError(`--shard I/N: N must be from 1 to ${MAX_SHARDS} (got "${text}")`);
  if (index < 1) throw new UsageError(`--shard I/N: shards count from 1 (got "${text}"; did you mean 1/${count}?)`);
  if (index > count)
    throw new UsageError(`--shard I/N: I must be at most N (got "${text}"; did you mean ${count}/${index}?)`);
  return { index, count };
}

/** A "did you mean" for two whole numbers joined by something other than `/` (`1:2`, `1-2`, `1 of 2`). */
function guess(text: string): string {
  const numbers = /^\s*(\d+)\D+(\d+)\s*$/.exec(text);
  if (numbers && Number(numbers[1]) >= 1 && Number(numbers[1]) <= Number(numbers[2]))
    return `; did you mean ${numbers[1]}/${numbers[2]}?`;
  return "";
}
