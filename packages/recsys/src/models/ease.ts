import { z } from "zod";
import { listOf, type UserLists } from "../split/user-lists.js";
import { closedForm } from "./closed-form.js";
import type { Recommender, TrainingData } from "./recommender.js";
import { spdInverse } from "./spd-inverse.js";

export const easeParams = z.strictObject({
  /** L2 regularization of the item-item weights. */
  lambda: z.number().positive().max(1e7).default(200),
});

/**
 * EASE (Steck 2019): item-item weights B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹ and a zero
 * diagonal; a user's scores are their history row times B, S_uj = Σ_{i∈I(u), i≠j} B_ij.
 *
 * The O(k³) inverse runs over the smaller side: with fewer users than items (MovieLens latest-small:
 * 610 users, 9.7k items) the Woodbury identity P = (I − XᵀKX)/λ, K = (XXᵀ + λI)⁻¹, needs only a
 * users×users inverse, and the scores follow from K without ever forming the items×items matrix.
 */
export function createEase(data: TrainingData, params: z.infer<typeof easeParams>): Recommender {
  const { numItems, numUsers, train } = data.split;
  const scores =
    numItems <= numUsers
      ? primalScores(train, numUsers, numItems, params.lambda)
      : dualScores(train, numUsers, numItems, params.lambda);
  return closedForm((users) => {
    const out = new Float32Array(users.length * numItems);
    users.forEach((u, b) => out.set(scores(u), b * numItems));
    return out;
  });
}

/** One way to solve EASE: the training lists and λ in, a user's scores over every item out. */
type EaseSolver = (
  train: UserLists,
  numUsers: number,
  numItems: number,
  lambda: number,
) => (user: number) => Float32Array;

/** Item-space EASE: invert the items×items Gram matrix. */
export const primalScores: EaseSolver = (train, numUsers, numItems, lambda) => {
  const n = numItems;
  const gram = new Float64Array(n * n);
  for (let u = 0; u < numUsers; u++) {
    const history = listOf(train, u);
    for (const a of history) for (const b of history) gram[a * n + b]! += 1;
  }
  for (let a = 0; a < n; a++) gram[a * n + a]! += lambda;
  const p = spdInverse(gram, n);
  return (user) => {
    const row = new Float64Array(n);
    for (const i of listOf(train, user)) {
      for (let j = 0; j < n; j++) if (j !== i) row[j]! -= p[i * n + j]! / p[j * n + j]!;
    }
    return Float32Array.from(row);
  };
};

/**
 * User-space EASE via Woodbury: (X_u P)_j = Σ_{v∈U_j} K_uv and P_jj = (1 − Σ_{v,w∈U_j} K_vw)/λ, so
 * S_uj = [j∈I(u)] − (X_u P)_j / P_jj.
 */
export const dualScores: EaseSolver = (train, numUsers, numItems, lambda) => {
  const m = numUsers;
  const itemUsers: number[][] = Array.from({ length: numItems }, () => []);
  for (let u = 0; u < m; u++) for (const i of listOf(train, u)) itemUsers[i]!.push(u);
  const gram = new Float64Array(m * m);
  for (const us of itemUsers) for (const v of us) for (const w of us) gram[v * m + w]! += 1;
  for (let v = 0; v < m; v++) gram[v * m + v]! += lambda;
  const k = spdInverse(gram, m);
  const pDiag = Float64Array.from(itemUsers, (us) => {
    let s = 0;
    for (const v of us) for (const w of us) s += k[v * m + w]!;
    return (1 - s) / lambda;
  });
  return (user) => {
    const row = new Float32Array(numItems);
    const ku = k.subarray(user * m, (user + 1) * m);
    itemUsers.forEach((us, j) => {
      let xp = 0;
      for (const v of us) xp += ku[v]!;
      row[j] = -xp / pDiag[j]!;
    });
    for (const i of listOf(train, user)) row[i]! += 1;
    return row;
  };
};
