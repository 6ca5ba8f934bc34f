/**
 * Index of the last element of an ascending array that is at most `value` (0 when none is: the
 * first line of a text always starts at 0). Binary search: line tables hold one start per line.
 */
export function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((sorted[mid] as number) <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
