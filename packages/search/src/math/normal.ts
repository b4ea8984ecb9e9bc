/** Standard-normal functions for TPE's truncated Parzen kernels and the GP's expected improvement. */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Complementary error function, fractional error < 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export const normCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

export const normLogPdf = (x: number): number => -0.5 * x * x - LOG_SQRT_2PI;

export const normPdf = (x: number): number => Math.exp(normLogPdf(x));

/**
 * log(z Φ(z) + φ(z)), the log of expected improvement for a unit-variance posterior at standardized
 * improvement z. Stays finite far into the tail (z << 0), where plain EI underflows to 0 and gives the
 * acquisition optimizer no slope: that is the point of log-EI.
 */
export function logH(z: number): number {
  if (z > -6) return Math.log(Math.max(z * normCdf(z) + normPdf(z), 1e-300));
  // Asymptotic series of the Mills ratio: z Φ(z) + φ(z) = φ(z)/z² (1 - 3/z² + 15/z⁴ - 105/z⁶ + ...).
  const z2 = z * z;
  return normLogPdf(z) - Math.log(z2) + Math.log(tailSeries(z2, 1));
}

/**
 * Terms of the asymptotic series kept for z ≤ -6. Four terms (up to 105/z⁶) left an error of 5e-4 in
 * log h(-6), a step in log-EI where the direct formula (error ~3e-6 there) hands over; twelve leave ~1e-6,
 * and the terms keep shrinking up to the 18th for every z ≤ -6, so more terms never hurt there.
 */
const TAIL_TERMS = 12;

/** Σ_{n < TAIL_TERMS} (-1)ⁿ (2n + offset)!! / z²ⁿ: offset 1 is h(z)'s series, -1 is Φ(z)'s ((-1)!! = 1). */
function tailSeries(z2: number, offset: 1 | -1): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < TAIL_TERMS; n++) {
    term *= -(2 * n + offset) / z2;
    sum += term;
  }
  return sum;
}

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * d/dz log(z Φ(z) + φ(z)) = Φ(z) / (z Φ(z) + φ(z)), the slope log-EI's gradient needs; in the far tail both
 * are computed from the same asymptotic series so that the ratio does not become 0/0.
 */
export function dLogHdz(z: number): number {
  if (z > -6) return normCdf(z) / Math.max(z * normCdf(z) + normPdf(z), 1e-300);
  // Φ(z) ≈ φ(z)/|z| (1 - 1/z² + 3/z⁴ - 15/z⁶ + ...), h(z) ≈ φ(z)/z² (1 - 3/z² + 15/z⁴ - 105/z⁶ + ...).
  const z2 = z * z;
  return (-z * tailSeries(z2, -1)) / tailSeries(z2, 1);
}
