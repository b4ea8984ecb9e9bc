import * as tfc from "@tensorflow/tfjs-core";
import { SIGMOID_CROSS_ENTROPY, SIGMOID_CROSS_ENTROPY_GRAD } from "./kernels/sigmoid-cross-entropy.js";
import type { Tf } from "./tf.js";

type Tensor = ReturnType<Tf["tensor"]>;
type Scalar = ReturnType<Tf["scalar"]>;

/**
 * The mean sigmoid cross-entropy of logits against 0/1 labels, i.e.
 * `tf.losses.sigmoidCrossEntropy(labels, logits)` with its defaults (no weights, no label smoothing).
 * On the wasm and cpu-accelerated backends it is one kernel forward and one backward
 * (kernels/sigmoid-cross-entropy.ts, same values); everywhere else, and for inputs the kernel does not
 * take, it is that tfjs call. Opt-in for training loops: unfused it is 9 kernels forward and ~30
 * backward, each with tfjs's per-op overhead, for a 4,096-value batch.
 */
export function sigmoidCrossEntropy(tf: Pick<Tf, "losses">, labels: Tensor, logits: Tensor): Scalar {
  const fusable =
    tfc.getKernel(SIGMOID_CROSS_ENTROPY, tfc.getBackend()) !== undefined &&
    labels.dtype === "float32" &&
    logits.dtype === "float32" &&
    logits.size > 0 &&
    tfc.util.arraysEqual(labels.shape, logits.shape);
  if (!fusable) return tf.losses.sigmoidCrossEntropy(labels, logits) as Scalar;
  return tfc.engine().runKernel(SIGMOID_CROSS_ENTROPY, { labels, logits }, {}) as Scalar;
}

let registered = false;

/** The fused loss's gradient: logits through SIGMOID_CROSS_ENTROPY_GRAD, labels -x·dy/n as tfjs's product rule gives. Idempotent. */
export function registerSigmoidCrossEntropyGradient(): void {
  if (registered) return;
  registered = true;
  tfc.registerGradient({
    kernelName: SIGMOID_CROSS_ENTROPY,
    inputsToSave: ["labels", "logits"],
    gradFunc: (dy, saved) => {
      const [labels, logits] = saved as [tfc.Tensor, tfc.Tensor];
      return {
        logits: () =>
          tfc
            .engine()
            .runKernel(SIGMOID_CROSS_ENTROPY_GRAD, { dy: dy as tfc.Tensor, labels, logits }, {}) as tfc.Tensor,
        labels: () => tfc.mul(tfc.neg(tfc.div(dy as tfc.Tensor, logits.size)), logits),
      };
    },
  });
}
