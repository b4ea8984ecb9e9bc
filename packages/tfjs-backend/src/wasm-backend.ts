import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { checkGatherIndices, gatherInto, gatherLayout } from "./kernels/gather-v2.js";
import { installFusedAdam } from "./fused-adam.js";
import { registerFastGradients } from "./gradients.js";
import { registerWasmFusedAdam } from "./wasm-simd-adam.js";
import { concatSplitKernels } from "./kernels/concat-split.js";
import { wasmMemory } from "./kernels/memory.js";
import { tileKernel } from "./kernels/tile.js";
import { transpose2dInto } from "./kernels/transpose.js";
import { segmentSumRows } from "./kernels/unsorted-segment-sum.js";

interface WasmKernelArgs {
  inputs: tfc.NamedTensorInfoMap;
  backend: object;
  attrs?: tfc.NamedAttrMap;
}

/**
 * Loads tfjs's wasm backend (its .wasm files ship inside the npm package; SIMD, XNNPACK) and adds
 * what embedding models need: UnsortedSegmentSum, the gradient of gather, which it lacks (tfjs#8082),
 * a GatherV2 that copies rows (its own takes ~18 ms for 4,096 rows of 32, a third of an MF batch),
 * both typed-array loops over the wasm heap, and an Identity that shares its input's memory as the cpu
 * backend's does (wasm's copies it; gradients call Identity on every tensor they pass through), and
 * a BatchMatMul that transposes operands first (wasm runs XNNPACK only for untransposed operands and a
 * scalar loop otherwise: 36 ms instead of 2 ms for the [4096,32]x[64,32]^T of a dense layer's gradient)
 * with a Transpose that handles the identity (shared memory) and 2-D cases in JS (wasm's own took
 * 2.7 ms for a [4096,64] matrix, 5x the JS loop), Concat/SplitV/Tile as block copies.
 * Idempotent.
 */
export async function registerWasm(): Promise<void> {
  await import("@tensorflow/tfjs-backend-wasm");
  registerFastGradients();
  if (tfc.getKernel(tfc.UnsortedSegmentSum, "wasm") !== undefined) return;
  tfc.registerKernel({ kernelName: tfc.UnsortedSegmentSum, backendName: "wasm", kernelFunc: wasmUnsortedSegmentSum as tfc.KernelFunc });
  const ownGather = tfc.getKernel(tfc.GatherV2, "wasm")!;
  tfc.unregisterKernel(tfc.GatherV2, "wasm");
  tfc.registerKernel({ ...ownGather, kernelFunc: (args) => wasmGatherV2(args as WasmKernelArgs) ?? ownGather.kernelFunc(args) });
  const ownTranspose = tfc.getKernel(tfc.Transpose, "wasm")!;
  const transpose: tfc.KernelFunc = (args) => wasmTranspose(args as WasmKernelArgs) ?? ownTranspose.kernelFunc(args);
  tfc.unregisterKernel(tfc.Transpose, "wasm");
  tfc.registerKernel({ ...ownTranspose, kernelFunc: transpose });
  const ownMatMul = tfc.getKernel(tfc.BatchMatMul, "wasm")!;
  tfc.unregisterKernel(tfc.BatchMatMul, "wasm");
  tfc.registerKernel({ ...ownMatMul, kernelFunc: (args) => matMulWithoutTransposes(args as WasmKernelArgs, ownMatMul.kernelFunc, transpose) });
  for (const kernel of [...concatSplitKernels(wasmMemory), tileKernel(wasmMemory)]) {
    const own = tfc.getKernel(kernel.kernelName, "wasm")!;
    tfc.unregisterKernel(kernel.kernelName, "wasm");
    tfc.registerKernel({ ...own, kernelFunc: (args) => kernel.fast(args as never) ?? own.kernelFunc(args) });
  }
  registerWasmFusedAdam();
  installFusedAdam();
  const ownIdentity = tfc.getKernel(tfc.Identity, "wasm")!;
  tfc.unregisterKernel(tfc.Identity, "wasm");
  tfc.registerKernel({ ...ownIdentity, kernelFunc: (args) => wasmIdentity(args as WasmKernelArgs) ?? ownIdentity.kernelFunc(args) });
}

function wasmUnsortedSegmentSum({ inputs, backend, attrs }: WasmKernelArgs) {
  const wasm = backend as BackendWasm;
  const x = inputs.x!;
  const segmentIds = inputs.segmentIds!;
  const numSegments = attrs!.numSegments as number;
  if (segmentIds.shape.length !== 1) throw new Error("UnsortedSegmentSum on wasm: segmentIds must be 1-D");
  const inner = tfc.util.sizeFromShape(x.shape.slice(1));
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], "float32");
  // Views of the heap are taken after makeOutput: an allocation can grow (and so detach) the heap.
  segmentSumRows(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(segmentIds), inner, numSegments, wasm.typedArrayFromHeap(out) as Float32Array);
  return out;
}

function wasmGatherV2({ inputs, backend, attrs }: WasmKernelArgs) {
  const wasm = backend as BackendWasm;
  const x = inputs.x!;
  const indices = inputs.indices!;
  if (((attrs?.batchDims as number | undefined) ?? 0) !== 0 || (x.dtype !== "float32" && x.dtype !== "int32")) return null;
  const layout = gatherLayout(x.shape, indices.shape, attrs?.axis as number);
  checkGatherIndices(wasm.typedArrayFromHeap(indices), layout.dimSize);
  const out = wasm.makeOutput(layout.outShape, x.dtype);
  // Views of the heap are taken after makeOutput: an allocation can grow (and so detach) the heap.
  gatherInto(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(indices), layout, wasm.typedArrayFromHeap(out));
  return out;
}

function wasmIdentity({ inputs, backend }: WasmKernelArgs): tfc.TensorInfo | null {
  const x = inputs.x!;
  if (x.dtype === "string") return null;
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Runs wasm's BatchMatMul on explicitly transposed operands, so that it always takes its XNNPACK path. */
function matMulWithoutTransposes({ inputs, backend, attrs }: WasmKernelArgs, matMul: tfc.KernelFunc, transpose: tfc.KernelFunc): tfc.TensorInfo {
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return matMul({ inputs, backend, attrs }) as tfc.TensorInfo;
  const wasm = backend as BackendWasm;
  const swapLastTwo = (t: tfc.TensorInfo) => {
    const perm = t.shape.map((_, i) => i);
    perm.splice(-2, 2, perm.length - 1, perm.length - 2);
    return transpose({ inputs: { x: t }, backend, attrs: { perm } }) as tfc.TensorInfo;
  };
  const a = transposeA ? swapLastTwo(inputs.a!) : inputs.a!;
  const b = transposeB ? swapLastTwo(inputs.b!) : inputs.b!;
  const out = matMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as tfc.TensorInfo;
  if (transposeA) wasm.disposeData(a.dataId);
  if (transposeB) wasm.disposeData(b.dataId);
  return out;
}

function wasmTranspose({ inputs, backend, attrs }: WasmKernelArgs): tfc.TensorInfo | null {
  const wasm = backend as BackendWasm;
  const x = inputs.x!;
  const perm = attrs!.perm as number[];
  if (x.dtype === "string" || x.dtype === "complex64") return null;
  const outShape = perm.map((p) => x.shape[p]!);
  if (perm.every((p, i) => p === i)) {
    wasm.incRef(x.dataId);
    return { dataId: x.dataId, shape: outShape, dtype: x.dtype };
  }
  if (x.shape.length !== 2) return null;
  const out = wasm.makeOutput(outShape, x.dtype);
  // Views of the heap are taken after makeOutput: an allocation can grow (and so detach) the heap.
  transpose2dInto(wasm.typedArrayFromHeap(x), x.shape[0]!, x.shape[1]!, wasm.typedArrayFromHeap(out));
  return out;
}
