import { z } from "zod";

export const trialStateSchema = z.enum(["WAITING", "RUNNING", "COMPLETE", "PRUNED", "FAILED"]);
const choiceSchema = z.union([z.string(), z.number(), z.boolean()]);
export const paramsSchema = z.record(z.string(), choiceSchema);
/** Which strategy proposed a trial: `{ sampler: "auto:gp", pruner: "asha", ... }`. */
export const trialStrategySchema = z.looseObject({ sampler: z.string().optional(), pruner: z.string().optional() });

/** A trial as the trials list, the leaderboard and the study summary answer it. */
export const trialSchema = z.object({
  number: z.number().int(),
  state: trialStateSchema,
  params: paramsSchema,
  values: z.array(z.number()).nullable(),
  /** Validation metrics by name, test metrics as `test/<name>`, and `bestEpoch`, `epochs` for recommenders. */
  metrics: z.record(z.string(), z.number()).nullable(),
  attempt: z.number().int(),
  strategy: trialStrategySchema.nullable(),
  lastStep: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().nullable(),
});

/** `GET /v1/studies/:id/leaderboard`. */
export const leaderboardSchema = z.object({
  study: z.number().int(),
  metric: z.string().optional(),
  direction: z.enum(["minimize", "maximize"]),
  trials: z.array(trialSchema.extend({ rank: z.number().int(), value: z.number().nullable() })),
});

/** A registered worker, as the trial page and the workers page show it. */
export const workerSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  backend: z.string(),
  /** Its slots: trials of one slot it runs at once (a `cpus: k` trial takes k on a CPU worker). */
  concurrency: z.number().int(),
  /** GPUs it uses (0: a CPU worker) and the memory of the smallest in MB (null: unknown). */
  gpus: z.number().int(),
  gpuMemoryMb: z.number().int().nullable(),
  startedAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** Whether it heart-beat within the cluster's stale-trial window. */
  live: z.boolean(),
  silentForMs: z.number(),
  running: z.array(z.object({ studyId: z.number().int(), number: z.number().int() })),
});

/** `GET /v1/studies/:id/trials/:number`: one trial in full. */
export const trialDetailSchema = z.object({
  studyId: z.number().int(),
  trial: trialSchema,
  /** Every step it reported (the latest attempt's value for each step) with the attempt that reported it. */
  steps: z.array(
    z.object({
      step: z.number().int(),
      value: z.number(),
      metrics: z.record(z.string(), z.number()).nullable(),
      attempt: z.number().int(),
      at: z.iso.datetime(),
    }),
  ),
  /** The worker that ran (or runs) its latest attempt, when it is still registered. */
  worker: workerSchema.nullable(),
});

/** `GET /v1/workers`. */
export const workersSchema = z.object({ staleAfterMs: z.number().int(), workers: z.array(workerSchema) });

export type TrialState = z.infer<typeof trialStateSchema>;
export type TrialJson = z.infer<typeof trialSchema>;
export type LeaderboardJson = z.infer<typeof leaderboardSchema>;
export type WorkerJson = z.infer<typeof workerSchema>;
export type TrialDetailJson = z.infer<typeof trialDetailSchema>;
export type WorkersJson = z.infer<typeof workersSchema>;
