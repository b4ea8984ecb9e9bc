/**
 * Indices of the interactions kept by k-core filtering: users and items with fewer than k interactions
 * are dropped, repeatedly, until every remaining user and item has at least k.
 */
export function kCoreFilter(
  users: Int32Array,
  items: Int32Array,
  numUsers: number,
  numItems: number,
  k: number,
): Int32Array {
  let keep = Int32Array.from({ length: users.length }, (_, i) => i);
  if (k <= 1) return keep;
  for (;;) {
    const userCount = new Int32Array(numUsers);
    const itemCount = new Int32Array(numItems);
    for (const i of keep) {
      userCount[users[i]!]!++;
      itemCount[items[i]!]!++;
    }
    const next = keep.filter((i) => userCount[users[i]!]! >= k && itemCount[items[i]!]! >= k);
    if (next.length === keep.length) return keep;
    keep = next;
  }
}
