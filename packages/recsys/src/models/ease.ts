import { z } from "zod";
import { listOf } from "../split/user-lists.js";
import { closedForm } from "./closed-form.js";
import type { Recommender, TrainingData } from "./recommender.js";
import { spdInverse } from "./spd-inverse.js";

export const easeParams = z.strictObject({
  /** L2 regularization of the item-item weights. */
  lambda: z.number().positive().max(1e7).default(200),
  /**
   * Items with fewer training users are left out of the item-item model (and never recommended):
   * the inverse costs O(n³) in the number of items kept.
   */
  minCount: z.number().int().min(1).max(1000).default(1),
});

/**
 * EASE (Steck 2019): item-item weights B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹ and a zero
 * diagonal; a user's scores are their history row times B.
 */
export function createEase(data: TrainingData, params: z.infer<typeof easeParams>): Recommender {
  const { numItems, numUsers, train } = data.split;
  const active = new Int32Array(numItems).fill(-1);
  let n = 0;
  for (let i = 0; i < numItems; i++) if (data.itemUsers[i]! >= params.minCount) active[i] = n++;
  const gram = new Float64Array(n * n);
  for (let u = 0; u < numUsers; u++) {
    const history = Array.from(listOf(train, u), (i) => active[i]!).filter((a) => a >= 0);
    for (const a of history) for (const b of history) gram[a * n + b]! += 1;
  }
  for (let a = 0; a < n; a++) gram[a * n + a]! += params.lambda;
  const p = spdInverse(gram, n);
  // Weights by row: w[a][b] = −P[a][b] / P[b][b] (b ≠ a).
  const weights = new Float32Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) weights[a * n + b] = -p[a * n + b]! / p[b * n + b]!;
  const itemOf = Int32Array.from({ length: numItems }, (_, i) => i).filter((i) => active[i]! >= 0);
  return closedForm((users) => {
    const out = new Float32Array(users.length * numItems).fill(-Infinity);
    const row = new Float64Array(n);
    users.forEach((u, b) => {
      row.fill(0);
      for (const i of listOf(train, u)) {
        const a = active[i]!;
        if (a < 0) continue;
        const w = weights.subarray(a * n, (a + 1) * n);
        for (let c = 0; c < n; c++) row[c]! += w[c]!;
      }
      for (let c = 0; c < n; c++) out[b * numItems + itemOf[c]!] = row[c]!;
    });
    return out;
  });
}
