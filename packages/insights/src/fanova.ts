import type { TreeNode } from "./forest.js";

interface Leaf {
  readonly value: number;
  readonly lo: number[];
  readonly hi: number[];
}

/** The leaves of a tree with the boxes they cover in the unit cube [0, 1]^features. */
function leavesOf(tree: TreeNode, features: number): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: TreeNode, lo: number[], hi: number[]) => {
    if (node.leaf) {
      out.push({ value: node.value, lo, hi });
      return;
    }
    const t = Math.min(hi[node.feature]!, Math.max(lo[node.feature]!, node.threshold));
    const leftHi = [...hi];
    leftHi[node.feature] = t;
    const rightLo = [...lo];
    rightLo[node.feature] = t;
    walk(node.left, lo, leftHi);
    walk(node.right, rightLo, hi);
  };
  walk(
    tree,
    Array.from({ length: features }, () => 0),
    Array.from({ length: features }, () => 1),
  );
  return out;
}

/**
 * fANOVA's main effects of one tree (Hutter, Hoos & Leyton-Brown 2014): the fraction of the tree's
 * variance over the uniform distribution on [0, 1]^features that each feature explains alone, through its
 * marginal f_j(x_j) = E[f | x_j]. A tree is piecewise constant on its leaves' boxes, so the marginal is
 * piecewise constant between the split points on feature j: each leaf adds value · volume / width_j on its
 * own interval, summed with a sweep over the sorted breakpoints. Null when the tree is constant.
 */
export function mainEffects(tree: TreeNode, features: number): number[] | null {
  const leaves = leavesOf(tree, features);
  const volumes = leaves.map((l) => l.lo.reduce((v, lo, j) => v * (l.hi[j]! - lo), 1));
  let mean = 0;
  leaves.forEach((l, i) => (mean += volumes[i]! * l.value));
  let variance = 0;
  leaves.forEach((l, i) => (variance += volumes[i]! * (l.value - mean) ** 2));
  if (!(variance > 1e-300)) return null;
  const effects: number[] = [];
  for (let j = 0; j < features; j++) {
    const points = [...new Set(leaves.flatMap((l) => [l.lo[j]!, l.hi[j]!]))].sort((a, b) => a - b);
    const at = new Map(points.map((p, k) => [p, k]));
    const delta = Array.from({ length: points.length }, () => 0);
    leaves.forEach((l, i) => {
      const width = l.hi[j]! - l.lo[j]!;
      if (width <= 0) return;
      const c = (l.value * volumes[i]!) / width;
      delta[at.get(l.lo[j]!)!]! += c;
      delta[at.get(l.hi[j]!)!]! -= c;
    });
    let marginal = 0;
    let vj = 0;
    for (let k = 0; k < points.length - 1; k++) {
      marginal += delta[k]!;
      vj += (points[k + 1]! - points[k]!) * (marginal - mean) ** 2;
    }
    effects.push(vj / variance);
  }
  return effects;
}
