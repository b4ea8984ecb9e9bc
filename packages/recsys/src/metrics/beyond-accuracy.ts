import type { FeatureTable } from "../data/dataset.js";

/** Share of the catalogue that appears in at least one recommendation list. */
export function coverage(counts: Int32Array): number {
  let shown = 0;
  for (const c of counts) if (c > 0) shown++;
  return shown / counts.length;
}

/** Gini index of how often each item is recommended: 0 = every item equally, → 1 = a few items take all. */
export function gini(counts: Int32Array): number {
  const sorted = Float64Array.from(counts).sort();
  const n = sorted.length;
  let total = 0;
  let weighted = 0;
  sorted.forEach((c, i) => {
    total += c;
    weighted += (2 * (i + 1) - n - 1) * c;
  });
  return total === 0 ? 0 : weighted / (n * total);
}

/** Mean self-information −log2(share of training users who chose the item) of a list. */
export function novelty(list: ArrayLike<number>, itemUsers: Int32Array, numUsers: number): number {
  let sum = 0;
  for (let r = 0; r < list.length; r++) sum += -Math.log2(Math.max(itemUsers[list[r]!]!, 1) / numUsers);
  return list.length === 0 ? 0 : sum / list.length;
}

/** Mean pairwise Jaccard distance between the items' feature sets (genres); two featureless items are alike. */
export function intraListDiversity(list: ArrayLike<number>, features: FeatureTable): number {
  if (list.length < 2) return 0;
  const sets = Array.from({ length: list.length }, (_, r) => {
    const item = list[r]!;
    return new Set(features.indices.subarray(features.offsets[item]!, features.offsets[item + 1]!));
  });
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      let inter = 0;
      for (const f of sets[a]!) if (sets[b]!.has(f)) inter++;
      const union = sets[a]!.size + sets[b]!.size - inter;
      sum += union === 0 ? 0 : 1 - inter / union;
      pairs++;
    }
  }
  return sum / pairs;
}
