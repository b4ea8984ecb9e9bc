/**
 * The `k` best candidates by score, best first. Ties go to the lower item index, so rankings are
 * deterministic; masked items (mask[i] = 1) are never candidates. NaN scores rank below everything.
 */
export function topK(scores: Float32Array | Float64Array, k: number, mask?: Uint8Array): Int32Array {
  const best = new Int32Array(k);
  const bestScores = new Float64Array(k).fill(-Infinity);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (mask?.[i]) continue;
    const s = Number.isNaN(scores[i]!) ? -Infinity : scores[i]!;
    if (size === k && !(s > bestScores[k - 1]!)) continue;
    // Insertion: strictly greater moves up, so an equal later (higher-index) item stays behind.
    let pos = size < k ? size++ : k - 1;
    while (pos > 0 && s > bestScores[pos - 1]!) {
      best[pos] = best[pos - 1]!;
      bestScores[pos] = bestScores[pos - 1]!;
      pos--;
    }
    best[pos] = i;
    bestScores[pos] = s;
  }
  return size === k ? best : best.slice(0, size);
}
