import type { Rng } from "@rectune/search";
import { sigmoidCrossEntropy } from "@rectune/tfjs-backend";
import type { Optimizer } from "@tensorflow/tfjs";
import type { UserLists } from "../split/user-lists.js";
import type { Scalar, Tensor1D, Tf, Variable } from "../tf.js";
import { NegativeSampler } from "./negative-sampler.js";

/** A model scoring (user, item) pairs: what the pair trainer needs from MF, NCF, DeepFM, content models. */
export interface PairScorer {
  readonly variables: Variable[];
  /** Logits of the pairs, and the squared norm of the parameters they touched (for the L2 penalty). */
  forward(users: Tensor1D, items: Tensor1D, training: boolean): { logits: Tensor1D; penalty: Scalar };
}

export interface PairTrainerOptions {
  readonly loss: "bce" | "bpr";
  readonly negatives: number;
  readonly batchSize: number;
  readonly l2: number;
  /** Batches between calls to `yieldControl`. */
  readonly yieldEvery?: number;
}

/**
 * One epoch of implicit-feedback training: every training interaction is a positive. BCE: each positive
 * plus `negatives` sampled unobserved items labelled 0. BPR: `negatives` (positive, negative) pairs per
 * positive, loss −log σ(x_ui − x_uj). Examples are shuffled with the trial's seeded RNG.
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
    for (let u = 0; u + 1 < train.offsets.length; u++) this.positiveUsers.fill(u, train.offsets[u]!, train.offsets[u + 1]!);
  }

  async epoch(rng: Rng, yieldControl: () => Promise<void>): Promise<number> {
    const { negatives, batchSize, loss } = this.options;
    const positives = this.train.items.length;
    const perPositive = loss === "bce" ? 1 + negatives : negatives;
    const n = positives * perPositive;
    const users = new Int32Array(n);
    const items = new Int32Array(n);
    const others = new Int32Array(n); // BCE: label (1/0); BPR: the negative item
    let k = 0;
    for (let p = 0; p < positives; p++) {
      const u = this.positiveUsers[p]!;
      const i = this.train.items[p]!;
      if (loss === "bce") {
        users[k] = u;
        items[k] = i;
        others[k++] = 1;
      }
      for (let s = 0; s < negatives; s++) {
        users[k] = u;
        if (loss === "bce") {
          items[k] = this.sampler.sample(u, rng);
          others[k++] = 0;
        } else {
          items[k] = i;
          others[k++] = this.sampler.sample(u, rng);
        }
      }
    }
    const order = shuffledIndices(n, rng);
    let total = 0;
    let batches = 0;
    const yieldEvery = this.options.yieldEvery ?? 4;
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.subarray(start, Math.min(n, start + batchSize));
      total += this.step(pick(users, idx), pick(items, idx), pick(others, idx)) * idx.length;
      if (++batches % yieldEvery === 0) await yieldControl();
    }
    return total / n;
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

function pick(values: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = values[idx[k]!]!;
  return out;
}
