import { z } from "zod";
import { topKAmong } from "../metrics/top-k.js";
import { listOf } from "../split/user-lists.js";
import { closedForm } from "./closed-form.js";
import type { Recommender, TrainingData } from "./recommender.js";

export const itemKnnParams = z.strictObject({
  /** Neighbours kept per item. */
  k: z.number().int().min(1).max(10_000).default(50),
  /** Shrinkage added to the cosine denominator: damps similarities resting on few co-occurrences. */
  shrink: z.number().min(0).max(10_000).default(0),
});

/**
 * Item-based k-nearest neighbours: cosine similarity of items' training-user sets, |U_i∩U_j| /
 * (√|U_i|·√|U_j| + shrink), the k most similar items kept per item; a user's score for item j sums
 * the similarities of j to the items in the user's history.
 */
export function createItemKnn(data: TrainingData, params: z.infer<typeof itemKnnParams>): Recommender {
  const { numItems, numUsers, train } = data.split;
  const itemUserLists: number[][] = Array.from({ length: numItems }, () => []);
  for (let u = 0; u < numUsers; u++) for (const i of listOf(train, u)) itemUserLists[i]!.push(u);
  const norms = Float64Array.from(itemUserLists, (us) => Math.sqrt(us.length));
  // Kept similarities as lists by history item: i → [(j, sim(i, j)) for every j that kept i as a neighbour],
  // so scoring a user scatters over their history instead of scanning every item's neighbours.
  const targets: number[][] = Array.from({ length: numItems }, () => []);
  const weights: number[][] = Array.from({ length: numItems }, () => []);
  const co = new Float64Array(numItems);
  const touched: number[] = [];
  for (let j = 0; j < numItems; j++) {
    // Co-occurrence counts with j, visiting only items that share a user with it.
    for (const u of itemUserLists[j]!) {
      for (const i of listOf(train, u)) {
        if (i !== j && co[i] === 0) touched.push(i);
        if (i !== j) co[i]! += 1;
      }
    }
    for (const i of touched) co[i] = co[i]! / (norms[i]! * norms[j]! + params.shrink + 1e-9);
    touched.sort((a, b) => a - b);
    for (const i of topKAmong(co, touched, params.k)) {
      targets[i]!.push(j);
      weights[i]!.push(co[i]!);
    }
    for (const i of touched) co[i] = 0;
    touched.length = 0;
  }
  const byItem = targets.map((t, i) => ({ targets: Int32Array.from(t), weights: Float32Array.from(weights[i]!) }));
  return closedForm((users) => {
    const out = new Float32Array(users.length * numItems);
    users.forEach((u, b) => {
      const offset = b * numItems;
      for (const i of listOf(train, u)) {
        const { targets: t, weights: w } = byItem[i]!;
        for (let n = 0; n < t.length; n++) out[offset + t[n]!]! += w[n]!;
      }
    });
    return out;
  });
}
