import type { Rng } from "@rectune/search";
import type { Tensor2D, Tf, Variable } from "../tf.js";
import { glorotVariable, zerosVariable } from "./init.js";

/**
 * A stack of dense ReLU layers. Besides the usual `apply`, `applyPairs` scores every (user, item)
 * pair for full ranking without materializing the concatenated inputs: the first layer's
 * pre-activations are computed once per user and once per item and broadcast-added.
 */
export class Tower {
  readonly variables: Variable[];
  readonly outputDim: number;
  private readonly weights: Variable[];
  private readonly biases: Variable[];

  constructor(
    private readonly tf: Tf,
    inputDim: number,
    sizes: readonly number[],
    rng: Rng,
  ) {
    if (sizes.length === 0) throw new Error("a tower needs at least one hidden layer");
    const dims = [inputDim, ...sizes];
    this.weights = sizes.map((size, l) => glorotVariable(tf, dims[l]!, size, rng));
    this.biases = sizes.map((size) => zerosVariable(tf, [size]));
    this.variables = [...this.weights, ...this.biases];
    this.outputDim = sizes[sizes.length - 1]!;
  }

  get firstLayerWidth(): number {
    return this.biases[0]!.shape[0]!;
  }

  /** Rows `from..to` of the first weight matrix: the part that multiplies one input block. */
  firstWeights(from: number, to: number): Tensor2D {
    return this.tf.slice(this.weights[0]!, [from, 0], [to - from, -1]) as Tensor2D;
  }

  apply(x: Tensor2D, dropout: number, training: boolean, rng: Rng): Tensor2D {
    const { tf } = this;
    let h = x;
    this.weights.forEach((w, l) => {
      h = tf.relu(tf.add(tf.matMul(h, w), this.biases[l]!)) as Tensor2D;
      if (training && dropout > 0) h = tf.dropout(h, dropout, undefined, rng.int(2 ** 31)) as Tensor2D;
    });
    return h;
  }

  /** All pairs of `userPre` (B×h1) and `itemPre` (N×h1) first-layer pre-activations → (B·N)×outputDim. */
  applyPairs(userPre: Tensor2D, itemPre: Tensor2D): Tensor2D {
    const { tf } = this;
    const [b, h1] = userPre.shape;
    const n = itemPre.shape[0];
    const pre = tf.add(tf.add(tf.expandDims(userPre, 1), tf.expandDims(itemPre, 0)), this.biases[0]!);
    let h = tf.reshape(tf.relu(pre), [b * n, h1]) as Tensor2D;
    for (let l = 1; l < this.weights.length; l++)
      h = tf.relu(tf.add(tf.matMul(h, this.weights[l]!), this.biases[l]!)) as Tensor2D;
    return h;
  }
}

/** Users per full-ranking chunk so that a chunk's pair activations stay near `budget` floats. */
export const usersPerChunk = (numItems: number, width: number, budget = 1 << 22): number =>
  Math.max(1, Math.floor(budget / (numItems * width)));
