/**
 * Sobol' points with a random digital shift. Direction numbers: Joe & Kuo's new-joe-kuo-6.21201 table
 * (dimensions 2..32, each `s a m_1 .. m_s`); dimension 1 is the van der Corput sequence. Public data, typed in
 * as a table rather than pulled in as a dependency.
 */
const JOE_KUO =
  "1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|5 7 1 1 7 11 19|" +
  "5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|" +
  "6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|" +
  "7 7 1 1 3 13 7 35 63|7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|" +
  "7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|7 41 1 3 5 13 23 1 55|" +
  "7 42 1 3 7 3 13 59 17";

const BITS = 32;

function directionNumbers(): Uint32Array[] {
  const dims: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) first[j] = (1 << (BITS - 1 - j)) >>> 0;
  dims.push(first);
  for (const row of JOE_KUO.split("|")) {
    const [s, a, ...m] = row.split(" ").map(Number) as [number, number, ...number[]];
    const v = new Uint32Array(BITS);
    for (let j = 0; j < BITS; j++) {
      if (j < s) {
        v[j] = (m[j]! << (BITS - 1 - j)) >>> 0;
      } else {
        let x = v[j - s]! ^ (v[j - s]! >>> s);
        for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[j - k]!;
        v[j] = x >>> 0;
      }
    }
    dims.push(v);
  }
  return dims;
}

const DIRECTIONS = directionNumbers();
export const SOBOL_MAX_DIMS = DIRECTIONS.length;

/**
 * Coordinate `dim` of the `index`-th Sobol' point, XOR-shifted by `shift` (one random 32-bit word per
 * dimension: a digital shift keeps the net's equidistribution and makes the sequence seed-dependent).
 */
export function sobol(index: number, dim: number, shift: number): number {
  const v = DIRECTIONS[dim];
  if (!v) throw new RangeError(`Sobol' points are tabulated for ${SOBOL_MAX_DIMS} dimensions, not ${dim + 1}`);
  // Gray-code order: point k is the XOR of the direction numbers at the set bits of k ^ (k >> 1).
  let gray = (index ^ (index >>> 1)) >>> 0;
  let x = 0;
  for (let j = 0; gray !== 0; j++, gray >>>= 1) if (gray & 1) x ^= v[j]!;
  return ((x ^ shift) >>> 0) / 4294967296;
}
