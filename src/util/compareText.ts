/** Compares strings by UTF-16 code units: stable across locales and machines, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
