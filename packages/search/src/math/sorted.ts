/** The first index i < n of an ascending array with a[i] >= x (n when none), by binary search. */
export function lowerBound(a: ArrayLike<number>, x: number, n: number = a.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
