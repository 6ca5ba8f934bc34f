import type { FlagSpec } from "./options.js";

/**
 * The flag a mistyped `--option` most likely meant: the known flag name with the smallest edit
 * distance, if that distance is at most a third of the name (and at least 1), else undefined.
 */
export function closestFlag(typed: string, flags: readonly FlagSpec[]): string | undefined {
  const name = typed.replace(/^-+/, "").split("=")[0] ?? "";
  let best: { name: string; distance: number } | undefined;
  for (const flag of flags) {
    const distance = editDistance(name, flag.name);
    if (!best || distance < best.distance) best = { name: flag.name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? `--${best.name}` : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
