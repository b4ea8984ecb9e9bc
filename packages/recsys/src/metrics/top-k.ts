/**
 * The `k` best candidates by score, best first. Ties go to the lower item index, so rankings are
 * deterministic; masked items (mask[i] = 1) are never candidates. NaN scores rank below everything.
 */
export function topK(scores: Float32Array | Float64Array, k: number, mask?: Uint8Array): Int32Array {
  const best = new TopList(k);
  for (let i = 0; i < scores.length; i++) if (!mask?.[i]) best.offer(i, scores[i]!);
  return best.items();
}

/** topK restricted to the listed candidates, which must be in increasing index order. */
export function topKAmong(scores: Float32Array | Float64Array, candidates: ArrayLike<number>, k: number): Int32Array {
  const best = new TopList(k);
  for (let c = 0; c < candidates.length; c++) best.offer(candidates[c]!, scores[candidates[c]!]!);
  return best.items();
}

/** A sorted list of the k best offers so far; offers must come in increasing index order. */
class TopList {
  private readonly best: Int32Array;
  private readonly bestScores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.best = new Int32Array(k);
    this.bestScores = new Float64Array(k).fill(-Infinity);
  }

  offer(item: number, score: number): void {
    const { k, best, bestScores } = this;
    const s = Number.isNaN(score) ? -Infinity : score;
    if (this.size === k && !(s > bestScores[k - 1]!)) return;
    // Insertion: strictly greater moves up, so an equal later (higher-index) item stays behind.
    let pos = this.size < k ? this.size++ : k - 1;
    while (pos > 0 && s > bestScores[pos - 1]!) {
      best[pos] = best[pos - 1]!;
      bestScores[pos] = bestScores[pos - 1]!;
      pos--;
    }
    best[pos] = item;
    bestScores[pos] = s;
  }

  items(): Int32Array {
    return this.size === this.k ? this.best : this.best.slice(0, this.size);
  }
}
