/** "0-9" or "0,3,5" or "100-109,200" -> the seeds. */
export function parseSeeds(spec: string): number[] {
  return spec.split(",").flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
    const n = Number(part);
    if (!Number.isInteger(n) || n < 0) throw new Error(`bad seed list "${spec}"`);
    return [n];
  });
}
