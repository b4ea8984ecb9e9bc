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

/**
 * `positions` ordered by `values` (aligned with them), ties in their given order: a native numeric sort of
 * the values and a binary search for each one's rank — no comparator callback, which dominated TPE's
 * ask at a thousand trials.
 */
export function sortPositionsByValue(positions: readonly number[], values: Float64Array): Int32Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const placed = new Int32Array(n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const first = lowerBound(sorted, values[i]!, n);
    out[first + placed[first]!++] = positions[i]!;
  }
  return out;
}
