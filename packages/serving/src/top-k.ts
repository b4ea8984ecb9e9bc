/**
 * The `k` best-scored items of one row, best first (ties: the lower index), skipping `exclude`d items:
 * one pass keeping a sorted buffer of k, O(n log k) — no sort of the whole row.
 */
export function topK(
  scores: Float32Array,
  k: number,
  exclude?: ReadonlySet<number>,
): { readonly items: Int32Array; readonly scores: Float32Array } {
  const items = new Int32Array(k);
  const best = new Float32Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s) || (size === k && s <= best[k - 1]!) || exclude?.has(i)) continue;
    // Binary search for the first slot scored below s (equal scores keep the earlier item first).
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (best[mid]! >= s) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(size, k - 1);
    items.copyWithin(lo + 1, lo, end);
    best.copyWithin(lo + 1, lo, end);
    items[lo] = i;
    best[lo] = s;
    if (size < k) size++;
  }
  return { items: items.subarray(0, size), scores: best.subarray(0, size) };
}
