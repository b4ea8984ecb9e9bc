import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { installFusedAdam } from "./fused-adam.js";
import { registerFastGradients } from "./gradients.js";
import { sharedKernels } from "./kernels/index.js";
import { wasmMemory } from "./kernels/memory.js";
import { registerWasmFusedAdam } from "./wasm-simd-adam.js";
import { registerWasmSimdEmbedding } from "./wasm-simd-embedding.js";

interface WasmKernelArgs {
  inputs: tfc.NamedTensorInfoMap;
  backend: object;
  attrs?: tfc.NamedAttrMap;
}

/**
 * Loads tfjs's wasm backend (its .wasm files ship inside the npm package; SIMD, XNNPACK) and adds
 * what embedding models need, measured on MF/NeuMF batches here:
 * - UnsortedSegmentSum, the gradient of gather, which it lacks (tfjs#8082);
 * - the typed-array kernels shared with cpu-accelerated (GatherV2, Transpose, Concat, SplitV, Tile)
 *   over the wasm heap, where wasm's own are slow for these shapes;
 * - Identity, and Cast to the dtype a tensor already has, sharing its input's memory as the cpu
 *   backend's do (wasm's copy it; gradients call Identity on every tensor they pass through, and
 *   Multiply's gradient casts both operands to float32);
 * - BatchMatMul transposing operands first: wasm runs XNNPACK only for untransposed operands and a
 *   scalar loop otherwise (36 ms instead of 2 ms for a dense layer's [4096,32]x[64,32]^T gradient);
 * - Adam as one SIMD kernel (wasm-simd-adam.ts), and SIMD loops for the fused embedding dot product, its
 *   gradient and UnsortedSegmentSum (wasm-simd-embedding.ts).
 * Idempotent.
 */
export async function registerWasm(): Promise<void> {
  await import("@tensorflow/tfjs-backend-wasm");
  registerFastGradients();
  if (tfc.getKernel(tfc.UnsortedSegmentSum, "wasm") !== undefined) return;
  for (const kernel of sharedKernels(wasmMemory)) {
    const own = tfc.getKernel(kernel.kernelName, "wasm");
    if (own !== undefined) tfc.unregisterKernel(kernel.kernelName, "wasm");
    const fallback =
      own?.kernelFunc ??
      (() => {
        throw new Error(`${kernel.kernelName} on wasm: these inputs are not supported`);
      });
    tfc.registerKernel({
      ...own,
      kernelName: kernel.kernelName,
      backendName: "wasm",
      kernelFunc: (args) => kernel.fast(args as never) ?? fallback(args),
    });
  }
  registerWasmSimdEmbedding();
  const transpose = tfc.getKernel(tfc.Transpose, "wasm")!.kernelFunc;
  const ownMatMul = tfc.getKernel(tfc.BatchMatMul, "wasm")!;
  tfc.unregisterKernel(tfc.BatchMatMul, "wasm");
  tfc.registerKernel({
    ...ownMatMul,
    kernelFunc: (args) => matMulWithoutTransposes(args as WasmKernelArgs, ownMatMul.kernelFunc, transpose),
  });
  const ownIdentity = tfc.getKernel(tfc.Identity, "wasm")!;
  tfc.unregisterKernel(tfc.Identity, "wasm");
  tfc.registerKernel({
    ...ownIdentity,
    kernelFunc: (args) => wasmIdentity(args as WasmKernelArgs) ?? ownIdentity.kernelFunc(args),
  });
  const ownCast = tfc.getKernel(tfc.Cast, "wasm")!;
  tfc.unregisterKernel(tfc.Cast, "wasm");
  tfc.registerKernel({
    ...ownCast,
    kernelFunc: (args) =>
      (args.inputs.x!.dtype === args.attrs!.dtype ? wasmIdentity(args as WasmKernelArgs) : null) ??
      ownCast.kernelFunc(args),
  });
  registerWasmFusedAdam();
  installFusedAdam();
}

function wasmIdentity({ inputs, backend }: WasmKernelArgs): tfc.TensorInfo | null {
  const x = inputs.x!;
  return x.dtype === "string" ? null : wasmMemory(backend as BackendWasm).share(x, x.shape);
}

/** Runs wasm's BatchMatMul on explicitly transposed operands, so that it always takes its XNNPACK path. */
function matMulWithoutTransposes(
  { inputs, backend, attrs }: WasmKernelArgs,
  matMul: tfc.KernelFunc,
  transpose: tfc.KernelFunc,
): tfc.TensorInfo {
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
  const out = matMul({
    inputs: { a, b },
    backend,
    attrs: { ...attrs, transposeA: false, transposeB: false },
  }) as tfc.TensorInfo;
  if (transposeA) wasm.disposeData(a.dataId);
  if (transposeB) wasm.disposeData(b.dataId);
  return out;
}
