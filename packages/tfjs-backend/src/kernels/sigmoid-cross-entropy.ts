import type { TensorInfo } from "./kernel-types.js";
import type { KernelMemory, SharedKernel } from "./memory.js";

/** Kernel names of the fused sigmoid cross-entropy loss (sigmoid-cross-entropy.ts is the op). */
export const SIGMOID_CROSS_ENTROPY = "RectuneSigmoidCrossEntropy";
export const SIGMOID_CROSS_ENTROPY_GRAD = "RectuneSigmoidCrossEntropyGrad";

/**
 * mean(max(x, 0) - x·z + log1p(exp(-|x|))) over float32 logits x and labels z: what
 * tf.losses.sigmoidCrossEntropy(z, x) computes with its defaults, in one pass instead of 9 kernels.
 * Every intermediate is rounded to float32 where tfjs's op sequence stores a float32 tensor, the sum
 * accumulated in float64 as tfjs's cpu Sum does, so values equal that sequence on tfjs's cpu backend.
 */
function sigmoidCrossEntropy<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: SIGMOID_CROSS_ENTROPY,
    fast: ({ inputs, backend }) => {
      const { labels, logits } = inputs as { labels: TensorInfo; logits: TensorInfo };
      const mem = memory(backend);
      const out = mem.output([], "float32");
      const z = mem.view(labels);
      const x = mem.view(logits);
      const f = Math.fround;
      let sum = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!;
        sum += f(f(Math.max(xi, 0) - f(xi * z[i]!)) + f(Math.log1p(f(Math.exp(-Math.abs(xi))))));
      }
      mem.view(out)[0] = f(sum) / x.length;
      return out;
    },
  };
}

/**
 * d loss / d logits for an upstream gradient dy (a scalar), as tfjs's gradients of that op sequence
 * compute and accumulate it: g = dy / n; the exp/log1p path, then -g·z from the product, then g·step(x)
 * from max(x, 0), each sum rounded to float32 in that order. Equal to (sigmoid(x) - z)·g up to rounding.
 */
function sigmoidCrossEntropyGrad<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: SIGMOID_CROSS_ENTROPY_GRAD,
    fast: ({ inputs, backend }) => {
      const { dy, labels, logits } = inputs as { dy: TensorInfo; labels: TensorInfo; logits: TensorInfo };
      const mem = memory(backend);
      const out = mem.output(logits.shape, "float32");
      const z = mem.view(labels);
      const x = mem.view(logits);
      const dx = mem.view(out);
      const f = Math.fround;
      const g = f(mem.view(dy)[0]! / x.length);
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!;
        const e = f(Math.exp(-Math.abs(xi)));
        const viaExp = f(f(-f(f(g / f(1 + e)) * e)) * (xi > 0 ? 1 : -1));
        const viaProduct = f(-g * z[i]!);
        dx[i] = f(f(viaExp + viaProduct) + (xi > 0 ? g : 0));
      }
      return out;
    },
  };
}

export function sigmoidCrossEntropyKernels<B>(memory: (backend: B) => KernelMemory): SharedKernel<B>[] {
  return [sigmoidCrossEntropy(memory), sigmoidCrossEntropyGrad(memory)];
}
