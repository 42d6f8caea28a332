/** The first position in `list`, sorted ascending by `key`, whose key is at least `at` (`list.length` if none). */
export function lowerBound<T>(list: readonly T[], key: (item: T) => number, at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
