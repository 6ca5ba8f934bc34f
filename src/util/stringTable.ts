/**
 * Strings numbered in the order they are first met: a cache file's segment writes each distinct
 * string (a blob id, a path, a tip) once in its table and refers to it by number elsewhere.
 */
export class StringTable {
  readonly strings: string[] = [];
  private readonly indexes = new Map<string, number>();

  /** The number of `text`, added at the end of the table when new. */
  at(text: string): number {
    let index = this.indexes.get(text);
    if (index === undefined) this.indexes.set(text, (index = this.strings.push(text) - 1));
    return index;
  }
}

/** Entry `index` of a table read back from a cache file; throws when it points nowhere (the file is then unusable). */
export function tableString(strings: readonly string[], index: number | undefined): string {
  const value = index === undefined ? undefined : strings[index];
  if (value === undefined) throw new Error(`string ${index} missing`);
  return value;
}
