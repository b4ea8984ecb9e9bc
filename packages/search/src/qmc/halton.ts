import type { Rng } from "../rng.js";

/** The first `n` primes: the Halton bases. */
export function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/** A random permutation of the digits 0..base-1. */
export function digitPermutation(base: number, rng: Rng): number[] {
  const perm = Array.from({ length: base }, (_, i) => i);
  for (let i = base - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

/** How many base-`base` digits a double resolves: the positions a radical inverse fills. */
const digitPositions = (base: number): number => Math.ceil(16 / Math.log10(base));

/**
 * One independent digit permutation per digit position (random digit scrambling). A single permutation
 * for every position would also map the index's infinite trailing zeros to the same digit, adding a fixed
 * fraction of a cell to every point: with perm[0] = base - 1 each point sat on its cell's right edge, the
 * first cell empty and index 0 clipped just below 1. Independent positions make that tail a uniform offset.
 */
export function digitPermutations(base: number, rng: Rng): number[][] {
  return Array.from({ length: digitPositions(base) }, () => digitPermutation(base, rng));
}

/**
 * The `index`-th point of the radical inverse in `base`, digit j mapped through `perms[j]`. All digits
 * down to double precision are permuted (including the leading zeros of small indices), so a permutation
 * that moves 0 does not leave a bias in the tail. A shorter list repeats its last permutation (`[identity]`
 * is the plain radical inverse).
 */
export function scrambledRadicalInverse(index: number, base: number, perms: readonly (readonly number[])[]): number {
  let x = 0;
  let scale = 1 / base;
  let k = index;
  for (let j = 0; scale > 1e-16; j++) {
    const perm = perms[j] ?? perms[perms.length - 1]!;
    x += perm[k % base]! * scale;
    k = Math.floor(k / base);
    scale /= base;
  }
  return Math.min(x, 1 - 1e-16);
}
