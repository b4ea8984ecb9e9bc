import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { installFusedAdam, registerFusedAdamKernel } from "./fused-adam.js";
import { checkGatherIndices, gatherInto, gatherLayout } from "./kernels/gather-v2.js";
import { segmentSumRows } from "./kernels/unsorted-segment-sum.js";

interface WasmKernelArgs {
  inputs: tfc.NamedTensorInfoMap;
  backend: object;
  attrs?: tfc.NamedAttrMap;
}

/**
 * Loads tfjs's wasm backend (its .wasm files ship inside the npm package; SIMD, XNNPACK) and adds
 * what embedding models need: UnsortedSegmentSum, the gradient of gather, which it lacks (tfjs#8082),
 * and a GatherV2 that copies rows (its own takes ~18 ms for 4,096 rows of 32, a third of an MF batch).
 * Both are typed-array loops over the wasm heap. Idempotent.
 */
export async function registerWasm(): Promise<void> {
  await import("@tensorflow/tfjs-backend-wasm");
  if (tfc.getKernel(tfc.UnsortedSegmentSum, "wasm") !== undefined) return;
  tfc.registerKernel({ kernelName: tfc.UnsortedSegmentSum, backendName: "wasm", kernelFunc: wasmUnsortedSegmentSum as tfc.KernelFunc });
  const ownGather = tfc.getKernel(tfc.GatherV2, "wasm")!;
  tfc.unregisterKernel(tfc.GatherV2, "wasm");
  tfc.registerKernel({ ...ownGather, kernelFunc: (args) => wasmGatherV2(args as WasmKernelArgs) ?? ownGather.kernelFunc(args) });
  registerFusedAdamKernel("wasm", "wasm");
  installFusedAdam();
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
