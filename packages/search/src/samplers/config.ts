import { z } from "zod";

/**
 * The `strategy.sampler` contract of the study spec: a name plus that sampler's options.
 * A bare string ("random") is shorthand for `{ name: "random" }`. `seed` fixes every random choice.
 */
const seed = z.number().int().optional();
const count = z.number().int().positive();

const randomConfig = z.strictObject({ name: z.literal("random"), seed });
const gridConfig = z.strictObject({ name: z.literal("grid"), seed });
const qmcConfig = z.strictObject({ name: z.literal("qmc"), kind: z.enum(["sobol", "halton"]).optional(), seed });

const tpeOptions = {
  seed,
  multivariate: z.boolean().optional(),
  nStartupTrials: z.number().int().nonnegative().optional(),
  nEiCandidates: count.optional(),
  constantLiar: z.boolean().optional(),
  kernelScoring: z.enum(["height", "density"]).optional(),
};
const tpeConfig = z.strictObject({ name: z.literal("tpe"), ...tpeOptions });
/** Multi-objective TPE: the same estimator, trials ranked by non-dominated front. */
const motpeConfig = z.strictObject({ name: z.literal("motpe"), ...tpeOptions });

const gpConfig = z.strictObject({
  name: z.literal("gp"),
  seed,
  nStartupTrials: z.number().int().nonnegative().optional(),
  maxPoints: count.optional(),
  maxFitPoints: count.optional(),
  fitIterations: count.optional(),
});

const cmaesConfig = z.strictObject({
  name: z.literal("cmaes"),
  seed,
  sigma0: z.number().positive().max(1).optional(),
  popsize: z.number().int().min(2).optional(),
  restarts: z.boolean().optional(),
});

const nsga2Config = z.strictObject({
  name: z.literal("nsga2"),
  seed,
  populationSize: z.number().int().min(2).optional(),
  crossoverProb: z.number().min(0).max(1).optional(),
  mutationProb: z.number().min(0).max(1).optional(),
});

export const samplerConfigObjectSchema = z.discriminatedUnion("name", [
  randomConfig,
  gridConfig,
  qmcConfig,
  tpeConfig,
  motpeConfig,
  gpConfig,
  cmaesConfig,
  nsga2Config,
]);

export const samplerConfigSchema = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  samplerConfigObjectSchema,
);

export type SamplerConfig = z.infer<typeof samplerConfigObjectSchema>;
export const samplerNames = samplerConfigObjectSchema.options.map((o) => o.shape.name.value);
