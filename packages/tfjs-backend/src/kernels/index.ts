import { elementwiseKernels } from "./elementwise.js";
import { gatherV2Kernel } from "./gather-v2.js";
import type { AcceleratedKernel } from "./kernel-types.js";
import { transposeKernel } from "./transpose.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

/** Every kernel the accelerated cpu backend registers in place of tfjs's cpu kernel of the same name. */
export const acceleratedKernels: readonly AcceleratedKernel[] = [gatherV2Kernel, unsortedSegmentSumKernel, transposeKernel, ...elementwiseKernels];
