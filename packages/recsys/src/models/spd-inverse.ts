/**
 * Inverse of a symmetric positive definite n×n matrix (row-major Float64Array, overwritten): Cholesky
 * G = LLᵀ, M = L⁻¹ row by row, then G⁻¹ = MᵀM. Every inner loop walks contiguous memory, which is
 * what makes a few thousand items feasible in plain JavaScript. Returns the full symmetric inverse.
 */
export function spdInverse(g: Float64Array, n: number): Float64Array {
  // Cholesky, in place: the lower triangle of g becomes L.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = g[ri + j]!;
      for (let k = 0; k < j; k++) s -= g[ri + k]! * g[rj + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${i} = ${s})`);
        g[ri + i] = Math.sqrt(s);
      } else {
        g[ri + j] = s / g[rj + j]!;
      }
    }
  }
  // M = L⁻¹ (lower): row i = (e_i − Σ_{k<i} L[i][k]·M[k]) / L[i][i].
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const l = g[ri + k]!;
      if (l === 0) continue;
      const rk = k * n;
      for (let c = 0; c <= k; c++) m[ri + c]! -= l * m[rk + c]!;
    }
    m[ri + i] = 1;
    const d = g[ri + i]!;
    for (let c = 0; c <= i; c++) m[ri + c] = m[ri + c]! / d;
  }
  // G⁻¹ = MᵀM, accumulated one row of M at a time into the upper triangle, then mirrored.
  const inv = g.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let a = 0; a <= k; a++) {
      const ma = m[rk + a]!;
      if (ma === 0) continue;
      const ra = a * n;
      for (let b = a; b <= k; b++) inv[ra + b]! += ma * m[rk + b]!;
    }
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) inv[b * n + a] = inv[a * n + b]!;
  return inv;
}
