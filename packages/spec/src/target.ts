import { z } from "zod";

/** Built-in synthetic objectives: exercise and benchmark the cluster without training anything. */
export const FUNCTION_TARGETS = ["branin", "hartmann6", "rosenbrock", "sleep", "curve"] as const;

export const functionTargetSchema = z.strictObject({
  kind: z.literal("function"),
  name: z.enum(FUNCTION_TARGETS),
  /** `sleep`: how long one trial takes, in ms. `curve`: how long one step (epoch) takes, in ms (default 0). */
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
  /** `curve`: the number of steps (epochs) a trial trains and reports (default 27). */
  steps: z.number().int().min(1).max(10_000).optional(),
});

export const datasetSchema = z.strictObject({
  /** Path to a ratings file (ml-latest `ratings.csv`, ml-100k `u.data`, ml-1m `ratings.dat`). */
  path: z.string().min(1),
  format: z.enum(["ml-latest", "ml-100k", "ml-1m"]).default("ml-latest"),
});

export const RECOMMENDER_MODELS = ["mf"] as const;

export const recommenderTargetSchema = z.strictObject({
  kind: z.literal("recommender"),
  model: z.enum(RECOMMENDER_MODELS),
  dataset: datasetSchema,
  /** Seed of the data split; fixed per study so every trial is scored on the same held-out set. */
  splitSeed: z.number().int().default(0),
  /** Defaults for the model's hyperparameters; the trial's params override them. */
  fixed: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
});

export const targetSchema = z.discriminatedUnion("kind", [functionTargetSchema, recommenderTargetSchema]);

export type FunctionTarget = z.infer<typeof functionTargetSchema>;
export type RecommenderTarget = z.infer<typeof recommenderTargetSchema>;
export type Target = z.infer<typeof targetSchema>;
