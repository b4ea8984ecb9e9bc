import { concatSplitKernels } from "./concat-split.js";
import { elementwiseKernels } from "./elementwise.js";
import { gatherV2Kernel } from "./gather-v2.js";
import type { AcceleratedKernel, CpuKernelArgs } from "./kernel-types.js";
import { cpuMemory } from "./memory.js";
import { transposeKernel } from "./transpose.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

/** Every kernel the accelerated cpu backend registers in place of tfjs's cpu kernel of the same name. */
export const acceleratedKernels: readonly AcceleratedKernel[] = [
  gatherV2Kernel,
  unsortedSegmentSumKernel,
  transposeKernel,
  ...elementwiseKernels,
  ...(concatSplitKernels(cpuMemory) as unknown as { kernelName: string; fast: (args: CpuKernelArgs) => ReturnType<AcceleratedKernel["fast"]> }[]),
];
