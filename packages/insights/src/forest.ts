import type { Rng } from "@rectune/search";

/**
 * A regression tree over numeric features. Splits are thresholds (`x[feature] < threshold` goes left);
 * a categorical feature is its choice index, so a split separates one run of choices from the rest.
 */
export type TreeNode =
  | { readonly leaf: true; readonly value: number }
  | {
      readonly leaf: false;
      readonly feature: number;
      readonly threshold: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

export interface ForestOptions {
  readonly trees: number;
  /** A node with fewer samples is a leaf. */
  readonly minSplit: number;
  readonly maxDepth: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 32, minSplit: 2, maxDepth: 32 };

/**
 * A random forest of CART regression trees (the model fANOVA decomposes, as in Hutter et al. 2014 and
 * Optuna's FanovaImportanceEvaluator): each tree fits a bootstrap sample and, at each node, the
 * variance-minimizing split over a random half of the features (all of them when there are at most two).
 */
export function fitForest(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  rng: Rng,
  options: ForestOptions = DEFAULT_FOREST,
): TreeNode[] {
  const n = ys.length;
  const features = xs[0]?.length ?? 0;
  const trees: TreeNode[] = [];
  for (let t = 0; t < options.trees; t++) {
    const sample = Array.from({ length: n }, () => rng.int(n));
    trees.push(grow(xs, ys, sample, features, 0, rng, options));
  }
  return trees;
}

function mean(ys: readonly number[], idx: readonly number[]): number {
  let s = 0;
  for (const i of idx) s += ys[i]!;
  return s / idx.length;
}

function grow(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  idx: number[],
  features: number,
  depth: number,
  rng: Rng,
  options: ForestOptions,
): TreeNode {
  const value = mean(ys, idx);
  if (idx.length < options.minSplit || depth >= options.maxDepth) return { leaf: true, value };
  const split = bestSplit(xs, ys, idx, candidateFeatures(features, rng));
  if (!split) return { leaf: true, value };
  const left: number[] = [];
  const right: number[] = [];
  for (const i of idx) (xs[i]![split.feature]! < split.threshold ? left : right).push(i);
  return {
    leaf: false,
    feature: split.feature,
    threshold: split.threshold,
    left: grow(xs, ys, left, features, depth + 1, rng, options),
    right: grow(xs, ys, right, features, depth + 1, rng, options),
  };
}

function candidateFeatures(features: number, rng: Rng): number[] {
  const all = Array.from({ length: features }, (_, i) => i);
  if (features <= 2) return all;
  // Partial Fisher-Yates: the first half of a random permutation.
  const k = Math.ceil(features / 2);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(features - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, k);
}

/** The split with the smallest summed squared error of its two sides, or null when nothing separates. */
function bestSplit(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  idx: readonly number[],
  features: readonly number[],
): { feature: number; threshold: number } | null {
  let best: { feature: number; threshold: number; score: number } | null = null;
  let total = 0;
  let totalSq = 0;
  for (const i of idx) {
    total += ys[i]!;
    totalSq += ys[i]! * ys[i]!;
  }
  const n = idx.length;
  const parentError = totalSq - (total * total) / n;
  if (parentError <= 1e-12 * Math.max(1, Math.abs(totalSq))) return null;
  for (const f of features) {
    const order = [...idx].sort((a, b) => xs[a]![f]! - xs[b]![f]!);
    let leftSum = 0;
    let leftSq = 0;
    for (let k = 0; k < n - 1; k++) {
      const y = ys[order[k]!]!;
      leftSum += y;
      leftSq += y * y;
      const here = xs[order[k]!]![f]!;
      const next = xs[order[k + 1]!]![f]!;
      if (here === next) continue;
      const nl = k + 1;
      const nr = n - nl;
      const rightSum = total - leftSum;
      const score = leftSq - (leftSum * leftSum) / nl + (totalSq - leftSq) - (rightSum * rightSum) / nr;
      if (!best || score < best.score) best = { feature: f, threshold: (here + next) / 2, score };
    }
  }
  return best && best.score < parentError ? { feature: best.feature, threshold: best.threshold } : null;
}
