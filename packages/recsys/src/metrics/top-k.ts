/**
 * The `k` best candidates by score, best first. Ties go to the lower item index, so rankings are
 * deterministic; masked items (mask[i] = 1) are never candidates. NaN scores rank below everything.
 *
 * This runs over every item of every user at every validated epoch, so after the first k candidates
 * the scan only compares each score with the k-th best, kept in a local: a score enters only when
 * strictly above it, which also keeps out NaN and a tie with it (a tied later item ranks behind).
 * Insertions are rare (about k·ln(n/k) per row for scores in random order), the scan is most of it.
 */
export function topK(scores: Float32Array | Float64Array, k: number, mask?: Uint8Array): Int32Array {
  const best = new TopList(k);
  const n = scores.length;
  let i = 0;
  for (; i < n && !best.full(); i++) if (mask === undefined || mask[i] === 0) best.offer(i, scores[i]!);
  let floor = best.floor();
  if (mask === undefined) {
    for (; i < n; i++) {
      const s = scores[i]!;
      if (s > floor) floor = best.replaceLast(i, s);
    }
  } else {
    for (; i < n; i++) {
      const s = scores[i]!;
      if (s > floor && mask[i] === 0) floor = best.replaceLast(i, s);
    }
  }
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

  full(): boolean {
    return this.size === this.k;
  }

  /** The score an offer must exceed once the list is full (for k = 0, Infinity: nothing enters). */
  floor(): number {
    return this.k === 0 ? Infinity : this.bestScores[this.k - 1]!;
  }

  offer(item: number, score: number): void {
    const s = Number.isNaN(score) ? -Infinity : score;
    if (this.size === this.k && !(s > this.bestScores[this.k - 1]!)) return;
    this.insert(this.size < this.k ? this.size++ : this.k - 1, item, s);
  }

  /** On a full list: `score` (not NaN, above the floor) takes the last place's slot; returns the new floor. */
  replaceLast(item: number, score: number): number {
    this.insert(this.k - 1, item, score);
    return this.bestScores[this.k - 1]!;
  }

  /** Insertion from `pos` upwards: strictly greater moves up, so an equal later (higher-index) item stays behind. */
  private insert(from: number, item: number, s: number): void {
    const { best, bestScores } = this;
    let pos = from;
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
