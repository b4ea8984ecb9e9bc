import type { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs-core";

/** The arguments tfjs passes to every kernel registered on a cpu-family backend. */
export interface CpuKernelArgs {
  inputs: NamedTensorInfoMap;
  backend: MathBackendCPU;
  attrs?: NamedAttrMap;
}

/**
 * One accelerated kernel: `fast` handles the common cases and returns `null` for the rest, which then
 * run on tfjs's own cpu kernel (`fallback`), so every input tfjs accepts still gives tfjs's result.
 */
export interface AcceleratedKernel {
  kernelName: string;
  fast: (args: CpuKernelArgs) => TensorInfo | TensorInfo[] | null;
}

export type { KernelFunc, TensorInfo };

export type NumericArray = Float32Array | Int32Array | Uint8Array;

/** The typed array behind a tensor on a cpu-family backend. */
export function valuesOf(backend: MathBackendCPU, t: TensorInfo): NumericArray {
  return backend.data.get(t.dataId)!.values as NumericArray;
}
