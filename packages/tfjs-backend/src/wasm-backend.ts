import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { segmentSumRows } from "./kernels/unsorted-segment-sum.js";

/**
 * Loads tfjs's wasm backend (its .wasm files ship inside the npm package) and adds the one kernel
 * embedding models need that it lacks: UnsortedSegmentSum, the gradient of gather (tfjs#8082).
 */
export async function registerWasm(): Promise<void> {
  await import("@tensorflow/tfjs-backend-wasm");
  if (tfc.getKernel(tfc.UnsortedSegmentSum, "wasm") !== undefined) return;
  tfc.registerKernel({ kernelName: tfc.UnsortedSegmentSum, backendName: "wasm", kernelFunc: wasmUnsortedSegmentSum });
}

function wasmUnsortedSegmentSum({ inputs, backend, attrs }: { inputs: tfc.NamedTensorInfoMap; backend: object; attrs?: tfc.NamedAttrMap }) {
  const wasm = backend as BackendWasm;
  const x = inputs.x!;
  const segmentIds = inputs.segmentIds!;
  const numSegments = attrs!.numSegments as number;
  if (segmentIds.shape.length !== 1) throw new Error("UnsortedSegmentSum on wasm: segmentIds must be 1-D");
  const inner = tfc.util.sizeFromShape(x.shape.slice(1));
  const sums = segmentSumRows(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(segmentIds), inner, numSegments);
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], "float32");
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}
