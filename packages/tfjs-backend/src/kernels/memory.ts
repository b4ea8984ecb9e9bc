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
}

export function cpuMemory(backend: MathBackendCPU): KernelMemory {
  return {
    view: (t) => backend.data.get(t.dataId)!.values as NumericArray,
    output: (shape, dtype) => backend.makeTensorInfo(shape, dtype, util.getArrayFromDType(dtype, util.sizeFromShape(shape)) as NumericArray),
  };
}

export function wasmMemory(backend: BackendWasm): KernelMemory {
  return {
    view: (t) => backend.typedArrayFromHeap(t) as NumericArray,
    output: (shape, dtype) => backend.makeOutput(shape, dtype),
  };
}
