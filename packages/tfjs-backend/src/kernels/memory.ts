import type { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { util, type DataType, type TensorInfo } from "@tensorflow/tfjs-core";
import type { NumericArray } from "./kernel-types.js";

/**
 * Where a kernel's tensors live: tfjs's cpu backend (one typed array per tensor) or the wasm backend
 * (views of the wasm heap). Kernels written against this run on both. Rule: create every output before
 * taking any view, since a wasm allocation can grow the heap and detach earlier views.
 */
export interface KernelMemory {
  view(t: TensorInfo): NumericArray;
  output(shape: number[], dtype: DataType): TensorInfo;
  /** A tensor on t's memory with another shape (reference counted, as tfjs's Reshape does). */
  share(t: TensorInfo, shape: number[]): TensorInfo;
}

/** An accelerated kernel for either backend: `null` hands the inputs to tfjs's own kernel. */
export interface SharedKernel<B> {
  kernelName: string;
  fast(args: {
    inputs: Record<string, TensorInfo>;
    backend: B;
    attrs?: Record<string, unknown>;
  }): TensorInfo | TensorInfo[] | null;
}

function shareVia(backend: { incRef(dataId: object): void }) {
  return (t: TensorInfo, shape: number[]): TensorInfo => {
    backend.incRef(t.dataId);
    return { dataId: t.dataId, shape, dtype: t.dtype };
  };
}

export function cpuMemory(backend: MathBackendCPU): KernelMemory {
  return {
    view: (t) => backend.data.get(t.dataId)!.values as NumericArray,
    output: (shape, dtype) =>
      backend.makeTensorInfo(shape, dtype, util.getArrayFromDType(dtype, util.sizeFromShape(shape)) as NumericArray),
    share: shareVia(backend),
  };
}

export function wasmMemory(backend: BackendWasm): KernelMemory {
  return {
    view: (t) => backend.typedArrayFromHeap(t) as NumericArray,
    output: (shape, dtype) => backend.makeOutput(shape, dtype),
    share: shareVia(backend),
  };
}
