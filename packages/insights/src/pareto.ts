import { dominates } from "@rectune/search";

/**
 * Indices of the non-dominated points (every objective minimized), in input order. Points are visited
 * in lexicographic order, so a point can only be dominated by one visited before it, and only the front
 * kept so far needs checking: O(n log n + n·front) instead of the pairwise O(n²), which matters for
 * studies of thousands of trials whose front holds a few dozen.
 */
export function paretoIndices(points: readonly (readonly number[])[]): number[] {
  const order = points
    .map((_, i) => i)
    .sort((a, b) => {
      const p = points[a]!;
      const q = points[b]!;
      for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return p[k]! - q[k]!;
      return a - b;
    });
  const front: number[] = [];
  for (const i of order) {
    const p = points[i]!;
    if (!front.some((j) => dominates(points[j]!, p))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}
