import * as tfc from "@tensorflow/tfjs-core";
import { valuesOf, type CpuKernelArgs } from "./kernels/kernel-types.js";

/**
 * Adam as one kernel per variable instead of tfjs's 14 elementwise ops over the whole table (each
 * allocating a table-sized tensor): on embedding models Adam's dense update over ~330k parameters is
 * most of a training step once the embedding kernels are fast.
 *
 * tf.train.adam stays the model author's API: installFusedAdam() routes AdamOptimizer.applyGradients
 * to this kernel on the backends that register it (cpu-accelerated: this JS loop; wasm: a SIMD loop,
 * wasm-simd-adam.ts) and to tfjs's own code everywhere else (tfjs-node).
 * That method is the one piece of tfjs this package replaces; the replacement mirrors it line by line.
 * Every intermediate is rounded to float32 (Math.fround) exactly where tfjs's op sequence stores a
 * float32 tensor, so the result is bit-identical to the unfused optimizer.
 */
export const FUSED_ADAM = "RectuneFusedAdam";

interface AdamConstants {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  negLearningRate: number;
}

/** One Adam step over a flat parameter array; writes the new value and moments to the out arrays. */
export function adamUpdate(
  x: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  outX: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  c: AdamConstants,
): void {
  const f = Math.fround;
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negLearningRate } =
    c;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i]! * beta2) + f(f(gi * gi) * oneMinusBeta2));
    outM[i] = mi;
    outV[i] = vi;
    const mHat = f(mi / oneMinusAccBeta1);
    const vHat = f(vi / oneMinusAccBeta2);
    outX[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + epsilon)) * negLearningRate) + x[i]!);
  }
}

export function adamConstants(
  attrs: tfc.NamedAttrMap,
  oneMinusAccBeta1: number,
  oneMinusAccBeta2: number,
): AdamConstants {
  const f = Math.fround;
  const beta1 = attrs.beta1 as number;
  const beta2 = attrs.beta2 as number;
  return {
    beta1: f(beta1),
    oneMinusBeta1: f(1 - beta1),
    beta2: f(beta2),
    oneMinusBeta2: f(1 - beta2),
    oneMinusAccBeta1,
    oneMinusAccBeta2,
    epsilon: f(attrs.epsilon as number),
    negLearningRate: f(-(attrs.learningRate as number)),
  };
}

function cpuFusedAdam({ inputs, backend, attrs }: CpuKernelArgs): tfc.TensorInfo[] {
  const { x, m, v, g, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, tfc.TensorInfo>;
  const val = (t: tfc.TensorInfo) => valuesOf(backend, t) as Float32Array;
  const n = val(x!).length;
  const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  adamUpdate(
    val(x!),
    val(m!),
    val(v!),
    val(g!),
    ...out,
    adamConstants(attrs!, val(oneMinusAccBeta1!)[0]!, val(oneMinusAccBeta2!)[0]!),
  );
  return out.map((values) => backend.makeTensorInfo(x!.shape, "float32", values));
}

/** Registers the fused Adam kernel on a cpu-family backend. */
export function registerFusedAdamKernel(backendName: string): void {
  if (tfc.getKernel(FUSED_ADAM, backendName) !== undefined) return;
  tfc.registerKernel({ kernelName: FUSED_ADAM, backendName, kernelFunc: cpuFusedAdam as unknown as tfc.KernelFunc });
}

/** AdamOptimizer's private state, which the replacement method reads and updates as tfjs's does. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tfc.Variable;
  accBeta2: tfc.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tfc.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tfc.Variable }[];
  incrementIterations(): void;
}

type VariableGradients = Parameters<tfc.AdamOptimizer["applyGradients"]>[0];

let installed = false;

/** Routes AdamOptimizer.applyGradients to the fused kernel where the active backend has it. Idempotent. */
export function installFusedAdam(): void {
  if (installed) return;
  installed = true;
  const proto = tfc.AdamOptimizer.prototype;
  const original = proto.applyGradients;
  proto.applyGradients = function (this: tfc.AdamOptimizer, variableGradients: VariableGradients) {
    if (tfc.getKernel(FUSED_ADAM, tfc.getBackend()) === undefined) return original.call(this, variableGradients);
    fusedApplyGradients(this as unknown as AdamState, variableGradients);
  };
}

function fusedApplyGradients(self: AdamState, variableGradients: VariableGradients): void {
  const names = Array.isArray(variableGradients)
    ? variableGradients.map((v) => v.name)
    : Object.keys(variableGradients);
  const attrs = { beta1: self.beta1, beta2: self.beta2, epsilon: self.epsilon, learningRate: self.learningRate };
  tfc.tidy(() => {
    const oneMinusAccBeta1 = tfc.sub(1, self.accBeta1);
    const oneMinusAccBeta2 = tfc.sub(1, self.accBeta2);
    names.forEach((name, i) => {
      const value = tfc.engine().registeredVariables[name]!;
      self.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tfc.tidy(() => tfc.zerosLike(value).variable(false)),
      };
      self.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tfc.tidy(() => tfc.zerosLike(value).variable(false)),
      };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
      if (gradient == null) return;
      const firstMoment = self.accumulatedFirstMoment[i].variable;
      const secondMoment = self.accumulatedSecondMoment[i].variable;
      const inputs = { x: value, m: firstMoment, v: secondMoment, g: gradient, oneMinusAccBeta1, oneMinusAccBeta2 };
      const [newValue, newFirst, newSecond] = tfc.engine().runKernel(FUSED_ADAM, inputs, attrs) as tfc.Tensor[];
      firstMoment.assign(newFirst!);
      secondMoment.assign(newSecond!);
      value.assign(newValue!);
    });
    self.accBeta1.assign(tfc.mul(self.accBeta1, self.beta1));
    self.accBeta2.assign(tfc.mul(self.accBeta2, self.beta2));
  });
  self.incrementIterations();
}
