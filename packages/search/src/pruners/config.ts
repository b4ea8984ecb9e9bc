import { z } from "zod";

/**
 * The `strategy.pruner` contract of the study spec: a name plus that pruner's options.
 * A bare string ("median") is shorthand for `{ name: "median" }`. Steps are epochs, counted from 1.
 */
const step = z.number().int().min(0).max(1_000_000);
const resource = z.number().int().min(1).max(1_000_000);

const noneConfig = z.strictObject({ name: z.literal("none") });

const percentileFields = {
  /** Steps before this one are never pruned. */
  warmupSteps: step.default(0),
  /** No pruning until this many other trials reported the same step. */
  minTrials: z.number().int().min(1).max(1_000_000).default(5),
  /** Decide every `interval` steps after the warm-up. */
  interval: resource.default(1),
};

const medianConfig = z.strictObject({ name: z.literal("median"), ...percentileFields });

const percentileConfig = z.strictObject({
  name: z.literal("percentile"),
  /** 25 keeps trials in the top quarter at each step; 50 is the median rule. */
  percentile: z.number().gt(0).lt(100),
  ...percentileFields,
});

const halvingFields = {
  minResource: resource.default(1),
  /** A trial's full budget in epochs (the target's steps): reaching it completes the trial. */
  maxResource: resource,
  /** η: the top 1/η of the trials at a rung go on. */
  reductionFactor: z.number().int().min(2).max(100).default(3),
};

const halvingRefinement = (c: { minResource: number; maxResource: number }, ctx: z.RefinementCtx): void => {
  if (c.minResource > c.maxResource)
    ctx.addIssue({ code: "custom", path: ["minResource"], message: "minResource must not exceed maxResource" });
};

const ashaConfig = z.strictObject({ name: z.literal("asha"), ...halvingFields }).superRefine(halvingRefinement);
const hyperbandConfig = z
  .strictObject({ name: z.literal("hyperband"), ...halvingFields })
  .superRefine(halvingRefinement);

const pbtConfig = z.strictObject({
  name: z.literal("pbt"),
  /** Steps between exploit/explore decisions. */
  interval: resource.default(1),
  /** Bottom share that copies, top share that is copied. */
  quantile: z.number().gt(0).max(0.5).default(0.25),
  /** Numeric hyperparameters are multiplied by one of these when explored. */
  perturbFactors: z.array(z.number().positive()).min(1).max(16).default([0.8, 1.2]),
  /** Chance that an explored hyperparameter is resampled from its prior instead. */
  resampleProbability: z.number().min(0).max(1).default(0.25),
});

export const prunerConfigObjectSchema = z.discriminatedUnion("name", [
  noneConfig,
  medianConfig,
  percentileConfig,
  ashaConfig,
  hyperbandConfig,
  pbtConfig,
]);

export const prunerConfigSchema = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  prunerConfigObjectSchema,
);

/**
 * The spec's `strategy.pruner`: a pruner, or "auto" — rectune chooses one per trial from the budget,
 * the epochs and what the study has seen (selectPruner in auto.ts) and stores it with the trial.
 */
export const prunerStrategySchema = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  z.discriminatedUnion("name", [...prunerConfigObjectSchema.options, z.strictObject({ name: z.literal("auto") })]),
);

export type PrunerConfig = z.infer<typeof prunerConfigObjectSchema>;
export type PrunerStrategy = z.infer<typeof prunerStrategySchema>;
export type PrunerConfigInput = z.input<typeof prunerConfigObjectSchema>;
export const prunerNames = prunerConfigObjectSchema.options.map((o) => o.shape.name.value);
