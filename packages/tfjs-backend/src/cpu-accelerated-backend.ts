import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import * as tfc from "@tensorflow/tfjs-core";
import { registerFastGradients } from "./gradients.js";
import { installFusedAdam, registerFusedAdamKernel } from "./fused-adam.js";
import { acceleratedKernels } from "./kernels/index.js";
import type { AcceleratedKernel, CpuKernelArgs } from "./kernels/kernel-types.js";

/** Name under which the accelerated cpu backend is registered with tfjs (`tf.getBackend()`). */
export const CPU_ACCELERATED = "cpu-accelerated";

/**
 * Wraps an accelerated kernel so that the cases it declines run on tfjs's own cpu kernel.
 * Exported for the equality tests, which run both on the same inputs.
 */
export function withFallback(kernel: AcceleratedKernel, fallback: tfc.KernelFunc | undefined): tfc.KernelFunc {
  return (args) => {
    const out = kernel.fast(args as unknown as CpuKernelArgs);
    if (out !== null) return out;
    if (fallback === undefined) throw new Error(`${kernel.kernelName}: no tfjs cpu kernel to fall back to`);
    return fallback(args);
  };
}

/**
 * Registers the backend `cpu-accelerated`: a second instance of tfjs's cpu backend that has every
 * tfjs cpu kernel plus our typed-array kernels in place of the slow ones. A separate backend (rather
 * than overriding kernels on `cpu`) keeps tfjs's reference kernels callable side by side, which the
 * equality tests rely on. Idempotent.
 */
export function registerCpuAccelerated(): void {
  if (tfc.findBackendFactory(CPU_ACCELERATED) !== null) return;
  const overrides = new Map(acceleratedKernels.map((k) => [k.kernelName, k]));
  for (const config of tfc.getKernelsForBackend("cpu")) {
    const own = overrides.get(config.kernelName);
    tfc.registerKernel({
      ...config,
      backendName: CPU_ACCELERATED,
      kernelFunc: own === undefined ? config.kernelFunc : withFallback(own, config.kernelFunc),
    });
    overrides.delete(config.kernelName);
  }
  for (const own of overrides.values()) {
    tfc.registerKernel({
      kernelName: own.kernelName,
      backendName: CPU_ACCELERATED,
      kernelFunc: withFallback(own, undefined),
    });
  }
  registerFusedAdamKernel(CPU_ACCELERATED);
  registerFastGradients();
  installFusedAdam();
  tfc.registerBackend(CPU_ACCELERATED, createBackend, 0);
}

function createBackend(): MathBackendCPU {
  const backend = new MathBackendCPU();
  // tfjs's cpu backend prints "install tfjs-node to speed things up" on first use in Node; on this
  // backend that advice has already been acted on (loadTensorflow tries tfjs-node first).
  Object.assign(backend, { firstUse: false });
  return backend;
}
