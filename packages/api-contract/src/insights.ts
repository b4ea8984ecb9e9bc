import { z } from "zod";
import { paramsSchema, trialStateSchema, trialStrategySchema } from "./trials.js";

/**
 * `GET /v1/studies/:id/table`: every trial of a study as columns (index i of each array is one trial,
 * in number order): what the leaderboard, the optimization history and the parallel coordinates read in
 * one request, about 3x smaller than the same trials as objects.
 */
export const trialTableSchema = z.object({
  studyId: z.number().int(),
  directions: z.array(z.enum(["minimize", "maximize"])),
  /** The objectives' metric names, in the order of `values`. */
  objectives: z.array(z.string()),
  number: z.array(z.number().int()),
  state: z.array(trialStateSchema),
  /** One column per objective. */
  values: z.array(z.array(z.number().nullable())),
  /** One column per parameter of the space (null where inactive). */
  params: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]).nullable())),
  /** One column per metric any trial reported (validation by name, test as `test/<name>`). */
  metrics: z.record(z.string(), z.array(z.number().nullable())),
  sampler: z.array(z.string().nullable()),
  pruner: z.array(z.string().nullable()),
  durationMs: z.array(z.number().nullable()),
  lastStep: z.array(z.number().int().nullable()),
  /** Multi-objective studies: the trial numbers on the Pareto front of the COMPLETE trials. */
  pareto: z.array(z.number().int()),
});

/** `GET /v1/studies/:id/importance`. */
export const importanceSchema = z.object({
  studyId: z.number().int(),
  objective: z.string(),
  method: z.literal("fanova"),
  /** COMPLETE trials with a value; `trials` of them were used. */
  completed: z.number().int(),
  trials: z.number().int(),
  params: z.array(z.object({ name: z.string(), importance: z.number(), std: z.number() })),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});

const pointSchema = z.tuple([z.number(), z.number()]);

/** `GET /v1/studies/:id/curves`. */
export const curvesSchema = z.object({
  studyId: z.number().int(),
  metric: z.string(),
  direction: z.enum(["minimize", "maximize"]),
  trials: z.number().int(),
  curves: z.array(
    z.object({
      number: z.number().int(),
      state: trialStateSchema,
      lastStep: z.number().int(),
      points: z.array(pointSchema),
    }),
  ),
  bands: z.array(
    z.object({
      step: z.number().int(),
      count: z.number().int(),
      min: z.number(),
      q25: z.number(),
      median: z.number(),
      q75: z.number(),
      max: z.number(),
    }),
  ),
});

/** `GET /v1/studies/:id/strategy`. */
export const strategyReportSchema = z.object({
  studyId: z.number().int(),
  sampler: z.unknown(),
  pruner: z.unknown(),
  warmStart: z.unknown(),
  trials: z.number().int(),
  decisions: z.array(
    z.object({
      trial: z.number().int(),
      kind: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      reason: z.string(),
      shares: z.record(z.string(), z.number()),
      createdAt: z.iso.datetime(),
    }),
  ),
  samplers: z.array(
    z.object({
      sampler: z.string(),
      trials: z.number().int(),
      share: z.number(),
      improvements: z.number().int(),
      credit: z.number(),
      contribution: z.number(),
    }),
  ),
  pruners: z.array(
    z.object({ pruner: z.string(), trials: z.number().int(), share: z.number(), pruned: z.number().int() }),
  ),
  /** A study over several model families: each family's trials, outcomes and share of the progress; else null. */
  families: z
    .array(
      z.object({
        family: z.string(),
        trials: z.number().int(),
        share: z.number(),
        complete: z.number().int(),
        pruned: z.number().int(),
        failed: z.number().int(),
        improvements: z.number().int(),
        contribution: z.number(),
        best: z.number().nullable(),
        firstTrial: z.number().int(),
      }),
    )
    .nullable(),
});

export type TrialTableJson = z.infer<typeof trialTableSchema>;
export type ImportanceJson = z.infer<typeof importanceSchema>;
export type CurvesJson = z.infer<typeof curvesSchema>;
export type StrategyReportJson = z.infer<typeof strategyReportSchema>;
export { paramsSchema, trialStrategySchema };

/**
 * `GET /v1/studies/:id/pareto`: the complete trials of a study ranked by non-dominated front (0: the
 * Pareto front) then by crowding distance within it (larger first: the front's spread ends first).
 */
export const paretoSchema = z.object({
  studyId: z.number().int(),
  objectives: z.array(z.object({ metric: z.string(), direction: z.enum(["minimize", "maximize"]) })),
  /** The non-dominated trials (front 0), best-ranked first. */
  front: z.array(z.number().int()),
  trials: z.array(
    z.object({
      number: z.number().int(),
      values: z.array(z.number()),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      /** 0 for the Pareto front, 1 for the front once it is removed, ... */
      rank: z.number().int(),
      /** NSGA-II's crowding distance within its front (null for a boundary point: infinite). */
      crowding: z.number().nullable(),
    }),
  ),
});

export type ParetoJson = z.infer<typeof paretoSchema>;
