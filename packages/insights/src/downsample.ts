/** One point of a curve: x is the step. */
export type CurvePoint = readonly [x: number, y: number];

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): at most `threshold` points that keep a curve's
 * shape — the first and last points, and from each bucket in between the point that spans the largest
 * triangle with the point kept before it and the next bucket's mean. Peaks and dips survive, unlike
 * plain striding. A curve that already fits is returned as is.
 */
export function lttb(points: readonly CurvePoint[], threshold: number): CurvePoint[] {
  const n = points.length;
  if (threshold >= n || n <= 2) return [...points];
  if (threshold < 3) return threshold <= 0 ? [] : threshold === 1 ? [points[n - 1]!] : [points[0]!, points[n - 1]!];
  const out: CurvePoint[] = [points[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const nextStart = end;
    const nextEnd = Math.min(n, Math.floor((i + 2) * every) + 1);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += points[j]![0];
      avgY += points[j]![1];
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const [ax, ay] = points[a]!;
    let chosen = start;
    let largest = -1;
    for (let j = start; j < end; j++) {
      const [x, y] = points[j]!;
      const area = Math.abs((ax - avgX) * (y - ay) - (ax - x) * (avgY - ay));
      if (area > largest) {
        largest = area;
        chosen = j;
      }
    }
    out.push(points[chosen]!);
    a = chosen;
  }
  out.push(points[n - 1]!);
  return out;
}
