import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { adamConstants, adamUpdate, FUSED_ADAM } from "./fused-adam.js";
import { assembleModule, F32, I32, instanceOn, op, simd, V128 } from "./wasm-assembler.js";

/**
 * The fused Adam kernel on the wasm backend as a WebAssembly SIMD loop over tfjs's own heap (this
 * module imports the backend's memory). Four lanes per instruction, every lane one IEEE float32 op per
 * step of tfjs's Adam, so results are bit-identical to tf.train.adam's op sequence; one pass over the
 * parameters instead of XNNPACK's 14 (each writing a table-sized tensor). The module (~200 bytes) is
 * assembled at load time (wasm-assembler.ts).
 *
 * adam(x, m, v, g, outX, outM, outV, nBytes: i32 byte offsets/length (multiple of 16);
 *      beta1, 1-beta1, beta2, 1-beta2, 1-accBeta1, 1-accBeta2, epsilon, -learningRate: f32)
 */
function assembleAdamModule(): Uint8Array {
  const { get, set } = op;
  const simdOp = (code: number) => op.simd(code);
  const load = op.simd(simd.load, 0x04, 0x00);
  const store = op.simd(simd.store, 0x04, 0x00);
  const [splat, sqrt, add, mul, div] = [
    simd.f32x4Splat,
    simd.f32x4Sqrt,
    simd.f32x4Add,
    simd.f32x4Mul,
    simd.f32x4Div,
  ].map(simdOp) as [number[], number[], number[], number[], number[]];
  const i32add = op.i32add;
  // params 0..7 i32, 8..15 f32; locals: 16 i (i32), 17..24 splatted constants, 25 g, 26 m', 27 v'
  const [X, M, V, G, OX, OM, OV, N, I] = [0, 1, 2, 3, 4, 5, 6, 7, 16];
  const [B1, OB1, B2, OB2, C1, C2, EPS, NLR] = [17, 18, 19, 20, 21, 22, 23, 24];
  const [GI, MI, VI] = [25, 26, 27];
  const at = (base: number) => [...get(base), ...get(I), ...i32add];
  const body = [
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [...get(8 + k), ...splat, ...set(17 + k)]),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(I),
    ...get(N),
    0x4f,
    0x0d,
    0x01, // if i >= n: break
    ...at(G),
    ...load,
    ...set(GI),
    ...at(M),
    ...load,
    ...get(B1),
    ...mul,
    ...get(GI),
    ...get(OB1),
    ...mul,
    ...add,
    ...set(MI),
    ...at(V),
    ...load,
    ...get(B2),
    ...mul,
    ...get(GI),
    ...get(GI),
    ...mul,
    ...get(OB2),
    ...mul,
    ...add,
    ...set(VI),
    ...at(OM),
    ...get(MI),
    ...store,
    ...at(OV),
    ...get(VI),
    ...store,
    ...at(OX),
    ...get(MI),
    ...get(C1),
    ...div,
    ...get(VI),
    ...get(C2),
    ...div,
    ...sqrt,
    ...get(EPS),
    ...add,
    ...div,
    ...get(NLR),
    ...mul,
    ...at(X),
    ...load,
    ...add,
    ...store,
    ...get(I),
    0x41,
    0x10,
    ...i32add,
    ...set(I), // i += 16
    0x0c,
    0x00,
    0x0b,
    0x0b, // br loop; end loop; end block
  ];
  return assembleModule([
    {
      name: "adam",
      params: [...Array(8).fill(I32), ...Array(8).fill(F32)],
      locals: [I32, ...Array(11).fill(V128)],
      body,
    },
  ]);
}

type AdamExport = (...args: number[]) => void;

/** One instance per heap: the module imports the backend's memory. */
const instances = new WeakMap<object, Record<string, (...args: number[]) => number | void>>();

function simdAdamFor(backend: BackendWasm): AdamExport | null {
  return (instanceOn(backend, instances, assembleAdamModule)?.adam as AdamExport | undefined) ?? null;
}

function wasmFusedAdam({
  inputs,
  backend,
  attrs,
}: {
  inputs: tfc.NamedTensorInfoMap;
  backend: object;
  attrs?: tfc.NamedAttrMap;
}): tfc.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { x, m, v, g, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, tfc.TensorInfo>;
  const outs = [0, 1, 2].map(() => wasm.makeOutput(x!.shape, "float32"));
  // Views of the heap are taken after makeOutput: an allocation can grow (and so detach) the heap.
  const view = (t: tfc.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
  const c = adamConstants(attrs!, view(oneMinusAccBeta1!)[0]!, view(oneMinusAccBeta2!)[0]!);
  const n = view(x!).length;
  const adam = simdAdamFor(wasm);
  // Without access to the heap's Memory object, the scalar loop over heap views does it all.
  const simdN = adam === null ? 0 : n - (n % 4);
  if (adam !== null) {
    const ptr = (t: tfc.TensorInfo) => wasm.getMemoryOffset(t.dataId);
    adam(
      ptr(x!),
      ptr(m!),
      ptr(v!),
      ptr(g!),
      ptr(outs[0]!),
      ptr(outs[1]!),
      ptr(outs[2]!),
      simdN * 4,
      c.beta1,
      c.oneMinusBeta1,
      c.beta2,
      c.oneMinusBeta2,
      c.oneMinusAccBeta1,
      c.oneMinusAccBeta2,
      c.epsilon,
      c.negLearningRate,
    );
  }
  if (simdN < n) {
    const tail = (t: tfc.TensorInfo) => view(t).subarray(simdN);
    adamUpdate(tail(x!), tail(m!), tail(v!), tail(g!), tail(outs[0]!), tail(outs[1]!), tail(outs[2]!), c);
  }
  return outs;
}

/** Registers the fused Adam kernel on the wasm backend. Idempotent. */
export function registerWasmFusedAdam(): void {
  if (tfc.getKernel(FUSED_ADAM, "wasm") !== undefined) return;
  tfc.registerKernel({
    kernelName: FUSED_ADAM,
    backendName: "wasm",
    kernelFunc: wasmFusedAdam as unknown as tfc.KernelFunc,
  });
}
