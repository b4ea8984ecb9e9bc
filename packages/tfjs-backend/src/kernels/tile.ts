import { Tile, util } from "@tensorflow/tfjs-core";
import type { TensorInfo } from "./kernel-types.js";
import type { KernelMemory, SharedKernel } from "./memory.js";

/**
 * Tile (what tf.broadcastTo runs) as row copies: each output row of the innermost dimension is the
 * matching input row repeated reps[-1] times. wasm's Tile took 6.4 ms to broadcast a [4096, 1] gradient
 * to [4096, 32], 6x multiplying by a ones tensor; this is what makes the Sum gradient a broadcast.
 */
function tile(x: TensorInfo, reps: number[], mem: KernelMemory): TensorInfo | null {
  if (x.dtype === "string" || x.dtype === "complex64" || reps.length !== x.shape.length || x.shape.length === 0)
    return null;
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = mem.output(outShape, x.dtype);
  const src = mem.view(x);
  const dst = mem.view(out);
  const w = x.shape[rank - 1]!;
  const repeat = reps[rank - 1]!;
  const xStrides = util.computeStrides(x.shape);
  const counter = new Array<number>(rank - 1).fill(0);
  const rows = util.sizeFromShape(outShape.slice(0, -1));
  let o = 0;
  for (let row = 0; row < rows; row++) {
    let s = 0;
    for (let d = 0; d < rank - 1; d++) s += (counter[d]! % x.shape[d]!) * xStrides[d]!;
    if (w === 1) {
      // A column broadcast across a row (Sum's gradient): one native fill instead of a loop per value.
      dst.fill(src[s]!, o, o + repeat);
      o += repeat;
    } else {
      for (let k = 0; k < repeat; k++) {
        for (let j = 0; j < w; j++) dst[o++] = src[s + j]!;
      }
    }
    for (let d = rank - 2; d >= 0; d--) {
      if (++counter[d]! < outShape[d]!) break;
      counter[d] = 0;
    }
  }
  return out;
}

export function tileKernel<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: Tile,
    fast: ({ inputs, backend, attrs }) => tile(inputs.x!, attrs!.reps as number[], memory(backend)),
  };
}
