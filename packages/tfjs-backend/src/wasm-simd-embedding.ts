import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tfc from "@tensorflow/tfjs-core";
import { EMBEDDING_DOT, EMBEDDING_DOT_GRAD } from "./kernels/embedding-dot.js";
import { checkGatherIndices } from "./kernels/gather-v2.js";
import { groupBySegment } from "./kernels/unsorted-segment-sum.js";
import { assembleModule, F32, I32, instanceOn, op, simd, V128 } from "./wasm-assembler.js";

/**
 * The embedding kernels' inner loops as WebAssembly SIMD over tfjs's wasm heap: the row-wise dot
 * product of EMBEDDING_DOT and the grouped scatter-add behind EMBEDDING_DOT_GRAD and
 * UnsortedSegmentSum. As JS loops they were ~60% of an MF batch on wasm (profile: scatterAddRows
 * 1.36 ms, dotRows 0.39 ms of 2.84 ms per batch).
 *
 * Arithmetic: products are float32 (f32x4.mul, as tfjs's Multiply stores them), sums float64
 * (f64x2.add), rounded to float32 once, as the JS kernels and tfjs's cpu kernels do. The scatter adds
 * each segment's entries in the same order, so its results equal the JS kernel's bit for bit; the dot
 * product sums lanes k mod 4 separately, a different float64 order (equal after rounding except in
 * the last float32 bit of sums that cancel).
 *
 * dot(a, b, ai, bi, rowBytes, n, out): out[r] = a[ai[r]] · b[bi[r]]
 * scatter(rows, rowIndex, hasRowIndex, scale, hasScale, order, ends, numSegments, rowBytes, out, acc):
 *   for each segment id with entries order[ends[id-1] .. ends[id]): out[id] = Σ scale[i] · rows[rowIndex[i]]
 *   (rowIndex[i] = i and scale[i] = 1 without them); acc: 2 x rowBytes of float64 scratch.
 * Pointers and rowBytes (a multiple of 16) are byte offsets/lengths in the heap.
 */
function assembleEmbeddingModule(): Uint8Array {
  const { get, set, i32, i32add, i32mul, i32geU, i32load, loop, breakIf, repeat } = op;
  const load = op.simd(simd.load, 0x04, 0x00);
  const store = op.simd(simd.store, 0x04, 0x00);
  const store64Lane0 = op.simd(simd.store64Lane, 0x03, 0x00, 0x00);
  const zero = op.simd(0x0c, ...Array<number>(16).fill(0)); // v128.const 0
  const mul = op.simd(simd.f32x4Mul);
  const add64 = op.simd(simd.f64x2Add);
  const promote = op.simd(simd.f64x2PromoteLowF32x4);
  const demote = op.simd(simd.f32x4DemoteF64x2Zero);
  const highToLow = op.simd(simd.shuffle, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  const lane = (l: number) => op.simd(simd.f64x2ExtractLane, l);
  const plus = (local: number, n: number) => [...get(local), ...i32(n), ...i32add, ...set(local)];
  const element = (base: number, index: number[]) => [...get(base), ...index, ...i32(4), ...i32mul, ...i32add];

  // dot: params 0 a, 1 b, 2 ai, 3 bi, 4 rowBytes, 5 n, 6 out; locals 7 r, 8 pa, 9 pb, 10 end, 11 acc0, 12 acc1, 13 prod
  const dot = loop(
    [...get(7), ...get(5), ...i32geU, ...breakIf(1)],
    [...get(0), ...element(2, get(7)), ...i32load, ...get(4), ...i32mul, ...i32add, ...set(8)],
    [...get(1), ...element(3, get(7)), ...i32load, ...get(4), ...i32mul, ...i32add, ...set(9)],
    [...get(8), ...get(4), ...i32add, ...set(10)],
    [...zero, ...set(11), ...zero, ...set(12)],
    loop(
      [...get(8), ...get(10), ...i32geU, ...breakIf(1)],
      [...get(8), ...load, ...get(9), ...load, ...mul, ...set(13)],
      [...get(11), ...get(13), ...promote, ...add64, ...set(11)],
      [...get(12), ...get(13), ...get(13), ...highToLow, ...promote, ...add64, ...set(12)],
      plus(8, 16),
      plus(9, 16),
      repeat,
    ),
    [
      ...element(6, get(7)),
      ...get(11),
      ...lane(0),
      ...get(11),
      ...lane(1),
      ...op.f64add,
      ...get(12),
      ...lane(0),
      ...get(12),
      ...lane(1),
      ...op.f64add,
      ...op.f64add,
      ...op.f32demote,
      ...op.f32store,
    ],
    plus(7, 1),
    repeat,
  );

  // scatter: params 0 rows, 1 rowIndex, 2 hasRowIndex, 3 scale, 4 hasScale, 5 order, 6 ends, 7 numSegments, 8 rowBytes, 9 out, 10 acc;
  // locals 11 id, 12 from, 13 to, 14 e, 15 i, 16 s, 17 k, 18 q, 19 c, 20 p
  const accAt = [...get(10), ...get(17), ...get(17), ...i32add, ...i32add, ...set(18)]; // q = acc + 2k
  const outAt = [...get(9), ...get(11), ...get(8), ...i32mul, ...i32add, ...get(17), ...i32add];
  const scatter = loop(
    [...get(11), ...get(7), ...i32geU, ...breakIf(1)],
    [...element(6, get(11)), ...i32load, ...set(13)],
    [...get(13), ...get(12), ...op.i32ne],
    op.when([
      ...i32(0),
      ...set(17),
      ...loop(
        [...get(17), ...get(8), ...get(8), ...i32add, ...i32geU, ...breakIf(1)],
        [...get(10), ...get(17), ...i32add, ...zero, ...store],
        plus(17, 16),
        repeat,
      ),
      ...get(12),
      ...set(14),
      ...loop(
        [...get(14), ...get(13), ...i32geU, ...breakIf(1)],
        [...element(5, get(14)), ...i32load, ...set(15)],
        [
          ...get(0),
          ...get(2),
          ...op.choose(I32, [...element(1, get(15)), ...i32load], get(15)),
          ...get(8),
          ...i32mul,
          ...i32add,
          ...set(16),
        ],
        [
          ...get(4),
          ...op.choose(F32, [...element(3, get(15)), ...op.f32load], op.f32(1)),
          ...op.simd(simd.f32x4Splat),
          ...set(19),
        ],
        [...i32(0), ...set(17)],
        loop(
          [...get(17), ...get(8), ...i32geU, ...breakIf(1)],
          [...get(16), ...get(17), ...i32add, ...load, ...get(19), ...mul, ...set(20)],
          accAt,
          [...get(18), ...get(18), ...load, ...get(20), ...promote, ...add64, ...store],
          [
            ...get(18),
            ...i32(16),
            ...i32add,
            ...get(18),
            ...i32(16),
            ...i32add,
            ...load,
            ...get(20),
            ...get(20),
            ...highToLow,
            ...promote,
            ...add64,
            ...store,
          ],
          plus(17, 16),
          repeat,
        ),
        plus(14, 1),
        repeat,
      ),
      ...i32(0),
      ...set(17),
      ...loop(
        [...get(17), ...get(8), ...i32geU, ...breakIf(1)],
        accAt,
        [...outAt, ...get(18), ...load, ...demote, ...store64Lane0],
        [...outAt, ...i32(8), ...i32add, ...get(18), ...i32(16), ...i32add, ...load, ...demote, ...store64Lane0],
        plus(17, 16),
        repeat,
      ),
    ]),
    [...get(13), ...set(12)],
    plus(11, 1),
    repeat,
  );
  return assembleModule([
    {
      name: "dot",
      params: Array(7).fill(I32),
      locals: [I32, I32, I32, I32, V128, V128, V128],
      body: [...i32(0), ...set(7), ...dot],
    },
    { name: "scatter", params: Array(11).fill(I32), locals: [...Array(8).fill(I32), V128, V128], body: scatter },
  ]);
}

type Exports = Record<string, (...args: number[]) => number | void>;
const instances = new WeakMap<object, Exports>();

interface WasmKernelArgs {
  inputs: tfc.NamedTensorInfoMap;
  backend: object;
  attrs?: tfc.NamedAttrMap;
}

/** The module on this backend's heap, or null (memory not reachable): the JS kernels then run. */
function moduleOn(wasm: BackendWasm): Exports | null {
  return instanceOn(wasm, instances, assembleEmbeddingModule);
}

function simdDot({ inputs, backend }: WasmKernelArgs): tfc.TensorInfo | null {
  const { a, b, aIndices, bIndices } = inputs as {
    a: tfc.TensorInfo;
    b: tfc.TensorInfo;
    aIndices: tfc.TensorInfo;
    bIndices: tfc.TensorInfo;
  };
  const wasm = backend as BackendWasm;
  const dim = a.shape[1]!;
  const mod = dim % 4 === 0 ? moduleOn(wasm) : null;
  if (mod === null) return null;
  const n = aIndices.shape[0]!;
  const out = wasm.makeOutput([n], "float32");
  checkGatherIndices(wasm.typedArrayFromHeap(aIndices) as Int32Array, a.shape[0]!);
  checkGatherIndices(wasm.typedArrayFromHeap(bIndices) as Int32Array, b.shape[0]!);
  const ptr = (t: tfc.TensorInfo) => wasm.getMemoryOffset(t.dataId);
  mod.dot!(ptr(a), ptr(b), ptr(aIndices), ptr(bIndices), dim * 4, n, ptr(out));
  return out;
}

/**
 * One int32 scratch region per heap for the scatter's grouping and sums, kept between calls and grown
 * when a call needs more: allocating and freeing three buffers per gradient fragmented the heap, which
 * never shrinks.
 */
const scratchRegions = new WeakMap<BackendWasm, tfc.TensorInfo>();

function scratchOn(wasm: BackendWasm, int32s: number): tfc.TensorInfo {
  let region = scratchRegions.get(wasm);
  if (region === undefined || region.shape[0]! < int32s) {
    if (region !== undefined) wasm.disposeData(region.dataId);
    region = wasm.makeOutput([Math.max(int32s, 2 * (region?.shape[0] ?? 0))], "int32");
    scratchRegions.set(wasm, region);
  }
  return region;
}

/**
 * out[ids[i]] += scale[i] · rows[rowIndex[i]] (numSegments x inner) through the SIMD scatter; the
 * grouping by segment (groupBySegment) and the zero fill run in JS, into the heap's scratch region:
 * [float64 sums (2·inner int32 slots) | order (n) | ends (numSegments + 1)].
 */
function simdScatter(
  wasm: BackendWasm,
  rows: tfc.TensorInfo,
  rowIndex: tfc.TensorInfo | null,
  scale: tfc.TensorInfo | null,
  ids: tfc.TensorInfo,
  inner: number,
  numSegments: number,
): tfc.TensorInfo | null {
  const mod = rows.dtype === "float32" && inner % 4 === 0 && ids.shape.length === 1 ? moduleOn(wasm) : null;
  if (mod === null) return null;
  const n = ids.shape[0]!;
  const out = wasm.makeOutput([numSegments, inner], "float32");
  const region = scratchOn(wasm, 2 * inner + n + numSegments + 1);
  // Views after every allocation: one can grow the heap and detach earlier views.
  const slots = wasm.typedArrayFromHeap(region) as Int32Array;
  const order = slots.subarray(2 * inner, 2 * inner + n);
  const ends = slots.subarray(2 * inner + n, 2 * inner + n + numSegments + 1);
  groupBySegment(wasm.typedArrayFromHeap(ids) as Int32Array, numSegments, ends, order);
  (wasm.typedArrayFromHeap(out) as Float32Array).fill(0);
  const ptr = (t: tfc.TensorInfo | null) => (t === null ? 0 : wasm.getMemoryOffset(t.dataId));
  const acc = ptr(region);
  mod.scatter!(
    ptr(rows),
    ptr(rowIndex),
    rowIndex === null ? 0 : 1,
    ptr(scale),
    scale === null ? 0 : 1,
    order.byteOffset,
    ends.byteOffset,
    numSegments,
    inner * 4,
    ptr(out),
    acc,
  );
  return out;
}

function simdDotGrad({ inputs, backend, attrs }: WasmKernelArgs): tfc.TensorInfo | null {
  const { dy, other, otherIndices, indices } = inputs as {
    dy: tfc.TensorInfo;
    other: tfc.TensorInfo;
    otherIndices: tfc.TensorInfo;
    indices: tfc.TensorInfo;
  };
  return simdScatter(
    backend as BackendWasm,
    other,
    otherIndices,
    dy,
    indices,
    other.shape[1]!,
    attrs!.numRows as number,
  );
}

function simdSegmentSum({ inputs, backend, attrs }: WasmKernelArgs): tfc.TensorInfo | null {
  const { x, segmentIds } = inputs as { x: tfc.TensorInfo; segmentIds: tfc.TensorInfo };
  const numSegments = attrs!.numSegments as number;
  const out = simdScatter(
    backend as BackendWasm,
    x,
    null,
    null,
    segmentIds,
    tfc.util.sizeFromShape(x.shape.slice(1)),
    numSegments,
  );
  if (out === null) return null;
  return { ...out, shape: [numSegments, ...x.shape.slice(1)] };
}

/**
 * Puts the SIMD versions in front of the wasm backend's EMBEDDING_DOT, EMBEDDING_DOT_GRAD and
 * UnsortedSegmentSum kernels (the shared JS kernels, registered first), which still run the inputs the
 * SIMD loops do not take (widths not a multiple of 4, other dtypes). Call once, after those.
 */
export function registerWasmSimdEmbedding(): void {
  const kernels: [string, (args: WasmKernelArgs) => tfc.TensorInfo | null][] = [
    [EMBEDDING_DOT, simdDot],
    [EMBEDDING_DOT_GRAD, simdDotGrad],
    [tfc.UnsortedSegmentSum, simdSegmentSum],
  ];
  for (const [name, fast] of kernels) {
    const js = tfc.getKernel(name, "wasm")!;
    tfc.unregisterKernel(name, "wasm");
    tfc.registerKernel({ ...js, kernelFunc: (args) => fast(args as WasmKernelArgs) ?? js.kernelFunc(args) });
  }
}
