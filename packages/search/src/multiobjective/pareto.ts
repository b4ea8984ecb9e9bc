/**
 * Pareto dominance for minimization: callers flip the sign of maximized objectives first (see
 * `minimizedValues`). Points are arrays of objective values of equal length.
 */
export type Point = readonly number[];

/** Whether a is at least as good as b everywhere and strictly better somewhere. */
export function dominates(a: Point, b: Point): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}

/** Indices of the non-dominated points, in input order. Duplicates of a front point are all kept. */
export function paretoFront(points: readonly Point[]): number[] {
  return points.flatMap((p, i) => (points.some((q, j) => j !== i && dominates(q, p)) ? [] : [i]));
}

/** Non-dominated sorting (Deb et al.'s fast algorithm): fronts of indices, best front first. */
export function nondominatedSort(points: readonly Point[]): number[][] {
  const n = points.length;
  const dominatedBy = Array.from({ length: n }, () => 0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = dominatedBy.flatMap((c, i) => (c === 0 ? [i] : []));
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** NSGA-II's crowding distance of each member of one front (boundary points get Infinity). */
export function crowdingDistance(points: readonly Point[], front: readonly number[]): Map<number, number> {
  const dist = new Map(front.map((i) => [i, 0]));
  const m = points[front[0] ?? 0]?.length ?? 0;
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const lo = points[sorted[0]!]![k]!;
    const hi = points[sorted[sorted.length - 1]!]![k]!;
    dist.set(sorted[0]!, Infinity);
    dist.set(sorted[sorted.length - 1]!, Infinity);
    if (hi === lo) continue;
    for (let i = 1; i < sorted.length - 1; i++) {
      const id = sorted[i]!;
      dist.set(id, dist.get(id)! + (points[sorted[i + 1]!]![k]! - points[sorted[i - 1]!]![k]!) / (hi - lo));
    }
  }
  return dist;
}

/**
 * Orders indices best first: by front, then by crowding distance (larger first) within a front, then by
 * index. Both NSGA-II's survival and multi-objective TPE's good/bad split take a prefix of this order.
 */
export function rankByDominance(points: readonly Point[]): number[] {
  const order: number[] = [];
  for (const front of nondominatedSort(points)) {
    const crowd = crowdingDistance(points, front);
    order.push(...[...front].sort((a, b) => crowd.get(b)! - crowd.get(a)! || a - b));
  }
  return order;
}
