import type { Tf } from "../src/index.js";

type Tensor = ReturnType<Tf["tensor"]>;

/**
 * Full-ranking NDCG@k with one held-out item per user: scores every user against every item in
 * batches (one matMul each), masks the items the user saw in training, keeps the top k with a
 * typed-array insertion selection (k is tiny, so this beats sorting or tf.topk) and scores the rank
 * of the held-out item.
 */
export function fullRankingNdcg(
  tf: Tf,
  userFactors: Tensor,
  itemFactors: Tensor,
  seen: { users: Int32Array; items: Int32Array },
  testItem: Int32Array,
  k = 10,
  usersPerBatch = 256,
): number {
  const numUsers = userFactors.shape[0]!;
  const numItems = itemFactors.shape[0]!;
  const seenBy = groupByUser(seen.users, seen.items, numUsers);
  const topIdx = new Int32Array(k);
  const topVal = new Float32Array(k);
  let total = 0;
  let counted = 0;
  for (let start = 0; start < numUsers; start += usersPerBatch) {
    const end = Math.min(start + usersPerBatch, numUsers);
    const scores = tf.tidy(() => tf.matMul(userFactors.slice([start, 0], [end - start, -1]), itemFactors, false, true));
    const s = scores.dataSync() as Float32Array;
    scores.dispose();
    for (let u = start; u < end; u++) {
      const target = testItem[u]!;
      if (target < 0) continue;
      const row = s.subarray((u - start) * numItems, (u - start + 1) * numItems);
      for (let p = seenBy.offsets[u]!; p < seenBy.offsets[u + 1]!; p++) row[seenBy.items[p]!] = -Infinity;
      const filled = selectTopK(row, k, topIdx, topVal);
      for (let r = 0; r < filled; r++) {
        if (topIdx[r] === target) {
          total += 1 / Math.log2(r + 2);
          break;
        }
      }
      counted++;
    }
  }
  return counted === 0 ? 0 : total / counted;
}

/** The k largest entries of `row`, best first, into idx/val; returns how many were filled. */
export function selectTopK(row: Float32Array, k: number, idx: Int32Array, val: Float32Array): number {
  let n = 0;
  for (let j = 0; j < row.length; j++) {
    const v = row[j]!;
    if (v === -Infinity || (n === k && v <= val[k - 1]!)) continue;
    let p = n < k ? n++ : k - 1;
    while (p > 0 && val[p - 1]! < v) {
      val[p] = val[p - 1]!;
      idx[p] = idx[p - 1]!;
      p--;
    }
    val[p] = v;
    idx[p] = j;
  }
  return n;
}

function groupByUser(
  users: Int32Array,
  items: Int32Array,
  numUsers: number,
): { offsets: Int32Array; items: Int32Array } {
  const offsets = new Int32Array(numUsers + 1);
  for (const u of users) offsets[u + 1]!++;
  for (let u = 0; u < numUsers; u++) offsets[u + 1]! += offsets[u]!;
  const cursor = offsets.slice(0, numUsers);
  const grouped = new Int32Array(items.length);
  for (let i = 0; i < users.length; i++) grouped[cursor[users[i]!]!++] = items[i]!;
  return { offsets, items: grouped };
}
