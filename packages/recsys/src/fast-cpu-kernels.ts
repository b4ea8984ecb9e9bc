import type { DataType, TensorInfo } from "@tensorflow/tfjs";
import type { Tf } from "./tf.js";

/**
 * Typed-array `GatherV2` and `UnsortedSegmentSum` for tfjs's pure-JS cpu backend, whose own versions
 * make embedding training take ~50 s per batch (see /work/shared/notes/environment.md). The unit
 * tests and the quality bench register these; workers get their kernels from @rectune/tfjs-backend's
 * backend selection instead. Both handle batchDims 0, any axis / trailing shape.
 */
interface CpuBackend {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo;
}
type TensorInfoLike = TensorInfo;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function registerFastCpuKernels(tf: Tf): void {
  for (const name of ["GatherV2", "UnsortedSegmentSum"]) tf.unregisterKernel(name, "cpu");
  tf.registerKernel({
    kernelName: "GatherV2",
    backendName: "cpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, indices } = inputs as unknown as { x: TensorInfoLike; indices: TensorInfoLike };
      const cpu = backend as unknown as CpuBackend;
      const rawAxis = (attrs as { axis: number }).axis;
      const axis = rawAxis < 0 ? rawAxis + x.shape.length : rawAxis;
      const values = cpu.data.get(x.dataId).values;
      const idx = cpu.data.get(indices.dataId).values;
      const outer = size(x.shape.slice(0, axis));
      const dim = x.shape[axis]!;
      const inner = size(x.shape.slice(axis + 1));
      const out = x.dtype === "int32" ? new Int32Array(outer * idx.length * inner) : new Float32Array(outer * idx.length * inner);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < idx.length; k++) {
          const row = idx[k]!;
          if (row < 0 || row >= dim) throw new Error(`GatherV2: index ${row} not in [0, ${dim - 1}]`);
          const src = (o * dim + row) * inner;
          const dst = (o * idx.length + k) * inner;
          for (let c = 0; c < inner; c++) out[dst + c] = values[src + c]!;
        }
      }
      const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      return cpu.makeTensorInfo(shape, x.dtype, out);
    },
  });
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "cpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as unknown as { x: TensorInfoLike; segmentIds: TensorInfoLike };
      const cpu = backend as unknown as CpuBackend;
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const values = cpu.data.get(x.dataId).values;
      const ids = cpu.data.get(segmentIds.dataId).values;
      const inner = size(x.shape.slice(segmentIds.shape.length));
      const out = x.dtype === "int32" ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
      for (let k = 0; k < ids.length; k++) {
        const seg = ids[k]!;
        if (seg < 0 || seg >= numSegments) continue;
        const src = k * inner;
        const dst = seg * inner;
        for (let c = 0; c < inner; c++) out[dst + c]! += values[src + c]!;
      }
      return cpu.makeTensorInfo([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype, out);
    },
  });
}
