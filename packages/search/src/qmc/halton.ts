import type { Rng } from "../rng.js";

/** The first `n` primes: the Halton bases. */
export function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/** A random permutation of the digits 0..base-1 (one per dimension: scrambling decorrelates high bases). */
export function digitPermutation(base: number, rng: Rng): number[] {
  const perm = Array.from({ length: base }, (_, i) => i);
  for (let i = base - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

/**
 * The `index`-th point of the radical inverse in `base` with permuted digits. All digits down to double
 * precision are permuted (including the leading zeros of small indices), so a permutation that moves 0 does
 * not leave a bias in the tail.
 */
export function scrambledRadicalInverse(index: number, base: number, perm: readonly number[]): number {
  let x = 0;
  let scale = 1 / base;
  let k = index;
  while (scale > 1e-16) {
    x += perm[k % base]! * scale;
    k = Math.floor(k / base);
    scale /= base;
  }
  return Math.min(x, 1 - 1e-16);
}
