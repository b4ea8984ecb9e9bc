import { concatSplitKernels } from "./concat-split.js";
import { elementwiseKernels } from "./elementwise.js";
import { embeddingDotKernels } from "./embedding-dot.js";
import { sigmoidCrossEntropyKernels } from "./sigmoid-cross-entropy.js";
import { gatherV2Kernel } from "./gather-v2.js";
import { mfBprKernels } from "./mf-bpr.js";
import type { AcceleratedKernel } from "./kernel-types.js";
import { cpuMemory, type KernelMemory, type SharedKernel } from "./memory.js";
import { tileKernel } from "./tile.js";
import { transposeKernel } from "./transpose.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

/** The kernels written once for both backends, given how to reach a backend's memory. */
export function sharedKernels<B>(memory: (backend: B) => KernelMemory): SharedKernel<B>[] {
  return [
    gatherV2Kernel(memory),
    unsortedSegmentSumKernel(memory),
    transposeKernel(memory),
    ...concatSplitKernels(memory),
    tileKernel(memory),
    ...embeddingDotKernels(memory),
    ...sigmoidCrossEntropyKernels(memory),
    ...mfBprKernels(memory),
  ];
}

/** Every kernel the accelerated cpu backend registers in place of tfjs's cpu kernel of the same name. */
export const acceleratedKernels: readonly AcceleratedKernel[] = [
  ...(sharedKernels(cpuMemory) as unknown as AcceleratedKernel[]),
  ...elementwiseKernels,
];
