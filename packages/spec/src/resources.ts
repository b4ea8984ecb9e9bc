import { z } from "zod";

/** What kind of machine a trial needs: a GPU, a CPU (no GPU wanted), or whichever worker is free. */
export const ACCELERATORS = ["gpu", "cpu", "any"] as const;
export type Accelerator = (typeof ACCELERATORS)[number];

/**
 * What each trial of a study needs. The scheduler puts its trials on the queue of `accelerator`, which only
 * workers that can serve it consume (a tfjs-node-gpu worker: gpu and any; a CPU worker: cpu and any).
 * `gpuMemoryMb` and `cpus` size it for placement (placement.ts): a CPU worker gives it `cpus` of its slots, a
 * GPU worker only takes it where its GPU has that memory, and a study no live worker can hold is reported.
 */
export const resourcesSchema = z
  .strictObject({
    accelerator: z.enum(ACCELERATORS).default("any"),
    gpuMemoryMb: z.number().int().min(1).max(1_048_576).optional(),
    cpus: z.number().int().min(1).max(1024).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.gpuMemoryMb !== undefined && r.accelerator !== "gpu")
      ctx.addIssue({ code: "custom", path: ["gpuMemoryMb"], message: 'gpuMemoryMb needs accelerator: "gpu"' });
  });

export type Resources = z.infer<typeof resourcesSchema>;

/**
 * The queues a worker on this compute backend consumes: TensorFlow on a GPU serves gpu and any trials;
 * every CPU backend (native TensorFlow, wasm, cpu) serves cpu and any.
 */
export function acceleratorsServedBy(backend: string): readonly Accelerator[] {
  return backend === "tensorflow-gpu" ? ["gpu", "any"] : ["cpu", "any"];
}

/** The capability queue of a study's trials. Studies stored before `resources` existed have none: any. */
export function acceleratorOf(spec: { readonly resources?: Resources | undefined }): Accelerator {
  return spec.resources?.accelerator ?? "any";
}
