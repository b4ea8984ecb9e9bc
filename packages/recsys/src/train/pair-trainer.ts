import type { Rng } from "@rectune/search";
import { sigmoidCrossEntropy } from "@rectune/tfjs-backend";
import type { Optimizer } from "@tensorflow/tfjs";
import type { UserLists } from "../split/user-lists.js";
import type { Scalar, Tensor1D, Tf, Variable } from "../tf.js";
import { NegativeSampler } from "./negative-sampler.js";

/** A model scoring (user, item) pairs: what the pair trainer needs from MF, NCF, DeepFM, content models. */
export interface PairScorer {
  readonly variables: Variable[];
  /**
   * Logits of the pairs, and the squared norm of the parameters they touched (for the L2 penalty; read
   * only when `training`, so a model may return 0 otherwise).
   */
  forward(users: Tensor1D, items: Tensor1D, training: boolean): { logits: Tensor1D; penalty: Scalar };
  /**
   * The BPR loss of (user, item, negative) triples with `l2` / batch size times the penalty, as the trainer
   * would build it from `forward`, for a model that has it as one fused op (MF); absent: built from `forward`.
   */
  bprLoss?(users: Tensor1D, items: Tensor1D, negatives: Tensor1D, l2: number): Scalar;
}

export interface PairTrainerOptions {
  readonly loss: "bce" | "bpr";
  readonly negatives: number;
  /**
   * Unobserved candidates drawn for each negative; the one the current model scores highest is used
   * (dynamic negative sampling, Zhang et al. 2013). 1: plain uniform sampling.
   */
  readonly negativeCandidates?: number;
  readonly batchSize: number;
  readonly l2: number;
  /** Batches between calls to `yieldControl`. */
  readonly yieldEvery?: number;
}

/**
 * One epoch of implicit-feedback training: every training interaction is a positive. BCE: each positive
 * plus `negatives` sampled unobserved items labelled 0. BPR: `negatives` (positive, negative) pairs per
 * positive, loss −log σ(x_ui − x_uj). Examples are shuffled with the trial's seeded RNG.
 *
 * With `negativeCandidates` k > 1 each negative is the hardest of k unobserved items, chosen at its
 * batch's step under the weights of that moment: uniform negatives are mostly items the model already
 * ranks far down, whose pairs carry almost no gradient once training has started; the hard ones keep
 * pushing down the items that compete with the positives for the top of the ranking.
 */
export class PairTrainer {
  private readonly sampler: NegativeSampler;
  private readonly positiveUsers: Int32Array;

  constructor(
    private readonly tf: Tf,
    private readonly model: PairScorer,
    private readonly optimizer: Optimizer,
    private readonly train: UserLists,
    numItems: number,
    private readonly options: PairTrainerOptions,
  ) {
    this.sampler = new NegativeSampler(train, numItems);
    this.positiveUsers = new Int32Array(train.items.length);
    for (let u = 0; u + 1 < train.offsets.length; u++)
      this.positiveUsers.fill(u, train.offsets[u]!, train.offsets[u + 1]!);
  }

  async epoch(rng: Rng, yieldControl: () => Promise<void>): Promise<number> {
    const { negatives, batchSize, loss } = this.options;
    const k = this.options.negativeCandidates ?? 1;
    const positives = this.train.items.length;
    const perPositive = loss === "bce" ? 1 + negatives : negatives;
    const n = positives * perPositive;
    const users = new Int32Array(n);
    const items = new Int32Array(n);
    const others = new Int32Array(n); // BCE: label (1/0); BPR: the negative item
    // Row r's k candidates for its negative (BCE: rows labelled 0); only drawn when there is a choice.
    const candidates = k > 1 ? new Int32Array(n * k) : null;
    let row = 0;
    for (let p = 0; p < positives; p++) {
      const u = this.positiveUsers[p]!;
      const i = this.train.items[p]!;
      if (loss === "bce") {
        users[row] = u;
        items[row] = i;
        others[row++] = 1;
      }
      for (let s = 0; s < negatives; s++) {
        users[row] = u;
        const j = this.sampler.sample(u, rng);
        if (candidates) {
          candidates[row * k] = j;
          for (let c = 1; c < k; c++) candidates[row * k + c] = this.sampler.sample(u, rng);
        }
        if (loss === "bce") {
          items[row] = j;
          others[row++] = 0;
        } else {
          items[row] = i;
          others[row++] = j;
        }
      }
    }
    const order = shuffledIndices(n, rng);
    let total = 0;
    let batches = 0;
    const yieldEvery = this.options.yieldEvery ?? 4;
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.subarray(start, Math.min(n, start + batchSize));
      const batch = { users: pick(users, idx), items: pick(items, idx), others: pick(others, idx) };
      if (candidates) this.chooseHardest(batch, pickRows(candidates, idx, k), k);
      total += this.step(batch.users, batch.items, batch.others) * idx.length;
      if (++batches % yieldEvery === 0) await yieldControl();
    }
    return total / n;
  }

  /** Replaces each negative of the batch by the highest-scored of its k candidates (in place). */
  private chooseHardest(
    batch: { users: Int32Array; items: Int32Array; others: Int32Array },
    candidates: Int32Array,
    k: number,
  ): void {
    const { tf, model } = this;
    const bce = this.options.loss === "bce";
    // BPR: every row's `others` is a negative; BCE: the rows labelled 0, whose `items` is the negative.
    const rows: number[] = [];
    for (let r = 0; r < batch.users.length; r++) if (!bce || batch.others[r] === 0) rows.push(r);
    const users = new Int32Array(rows.length * k);
    const items = new Int32Array(rows.length * k);
    rows.forEach((r, q) => {
      users.fill(batch.users[r]!, q * k, (q + 1) * k);
      items.set(candidates.subarray(r * k, (r + 1) * k), q * k);
    });
    const scores = tf.tidy(() => model.forward(tf.tensor1d(users, "int32"), tf.tensor1d(items, "int32"), false).logits);
    const values = scores.dataSync();
    scores.dispose();
    rows.forEach((r, q) => {
      let best = q * k;
      for (let c = best + 1; c < (q + 1) * k; c++) if (values[c]! > values[best]!) best = c;
      if (bce) batch.items[r] = items[best]!;
      else batch.others[r] = items[best]!;
    });
  }

  private step(users: Int32Array, items: Int32Array, others: Int32Array): number {
    const { tf, model } = this;
    const { l2, loss } = this.options;
    const size = users.length;
    const lossTensor = tf.tidy(() => {
      const u = tf.tensor1d(users, "int32");
      const i = tf.tensor1d(items, "int32");
      const other = loss === "bce" ? tf.tensor1d(Float32Array.from(others)) : tf.tensor1d(others, "int32");
      return this.optimizer.minimize(
        () => {
          let data: Scalar;
          let penalty: Scalar;
          if (loss === "bce") {
            const out = model.forward(u, i, true);
            data = sigmoidCrossEntropy(tf, other, out.logits) as Scalar; // tf.losses.sigmoidCrossEntropy, fused where the backend can
            penalty = out.penalty;
          } else if (model.bprLoss) {
            return model.bprLoss(u, i, other as Tensor1D, l2);
          } else {
            const pos = model.forward(u, i, true);
            const neg = model.forward(u, other as Tensor1D, true);
            // −log σ(d) = softplus(−d), stable for large |d|.
            data = tf.mean(tf.softplus(tf.neg(tf.sub(pos.logits, neg.logits)))) as Scalar;
            penalty = tf.add(pos.penalty, neg.penalty) as Scalar;
          }
          return l2 > 0 ? (tf.add(data, tf.mul(l2 / size, penalty)) as Scalar) : data;
        },
        true,
        model.variables,
      )!;
    });
    const value = lossTensor.dataSync()[0]!;
    lossTensor.dispose();
    return value;
  }
}

function shuffledIndices(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** The k-wide rows `idx` of a row-major table. */
function pickRows(values: Int32Array, idx: Int32Array, k: number): Int32Array {
  const out = new Int32Array(idx.length * k);
  for (let q = 0; q < idx.length; q++) out.set(values.subarray(idx[q]! * k, (idx[q]! + 1) * k), q * k);
  return out;
}

function pick(values: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = values[idx[k]!]!;
  return out;
}
