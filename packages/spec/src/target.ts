import { z } from "zod";

/** Built-in synthetic objectives: exercise and benchmark the cluster without training anything. */
export const FUNCTION_TARGETS = ["branin", "hartmann6", "rosenbrock", "sleep", "curve", "crossing"] as const;

export const functionTargetSchema = z.strictObject({
  kind: z.literal("function"),
  name: z.enum(FUNCTION_TARGETS),
  /** `sleep`: how long one trial takes, in ms. `curve`, `crossing`: how long one step (epoch) takes, in ms (default 0). */
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
  /** `curve`, `crossing`: the number of steps (epochs) a trial trains and reports (default 27). */
  steps: z.number().int().min(1).max(10_000).optional(),
});

/**
 * Interaction file formats: the MovieLens releases, or a generic delimited file whose columns are named
 * in `columns` (`csv` is comma-separated with a header row, `tsv` tab-separated).
 */
export const DATASET_FORMATS = ["ml-latest", "ml-100k", "ml-1m", "csv", "tsv"] as const;

/** Which column holds what in a generic `csv`/`tsv` file: header names, or 0-based indices without a header. */
export const columnMappingSchema = z.strictObject({
  user: z.union([z.string().min(1), z.number().int().min(0)]),
  item: z.union([z.string().min(1), z.number().int().min(0)]),
  rating: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
  timestamp: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
});

/** A side file of categorical features: one row per item (or user), multi-valued cells split by `separator`. */
export const featureFileSchema = z.strictObject({
  path: z.string().min(1),
  /** Column of the item (user) id; header name, or 0-based index when `header` is false. */
  id: z.union([z.string().min(1), z.number().int().min(0)]),
  /** Columns turned into features: multi-hot for multi-valued cells, one-hot otherwise. */
  features: z.array(z.union([z.string().min(1), z.number().int().min(0)])).min(1),
  delimiter: z.string().min(1).default(","),
  header: z.boolean().default(true),
  separator: z.string().min(1).default("|"),
});

export const fileDatasetSchema = z.strictObject({
  /** Path to a ratings file (ml-latest `ratings.csv`, ml-100k `u.data`, ml-1m `ratings.dat`, or a generic CSV/TSV). */
  path: z.string().min(1),
  format: z.enum(DATASET_FORMATS).default("ml-latest"),
  columns: columnMappingSchema.optional(),
  /**
   * Item features. MovieLens formats default to the release's own file next to `path`
   * (`movies.csv`, `u.item`, `movies.dat`) when it exists: genres, multi-hot.
   */
  items: featureFileSchema.optional(),
  /** User features (ml-100k `u.user` is read by default when present): one-hot. */
  users: featureFileSchema.optional(),
});

/** A seeded synthetic data set: latent factors, popularity skew and genres. For tests and demos. */
export const syntheticDatasetSchema = z.strictObject({
  synthetic: z.strictObject({
    users: z.number().int().min(2).max(1_000_000).default(200),
    items: z.number().int().min(2).max(1_000_000).default(300),
    /** Mean interactions per user. */
    interactionsPerUser: z.number().int().min(1).max(100_000).default(20),
    factors: z.number().int().min(1).max(256).default(8),
    genres: z.number().int().min(1).max(256).default(10),
    /** Zipf exponent of item popularity; 0 = uniform. */
    popularitySkew: z.number().min(0).max(4).default(1),
    seed: z.number().int().default(0),
  }),
});

export const datasetSchema = z.union([fileDatasetSchema, syntheticDatasetSchema]);

/** Which interactions count as positives, and which users/items are kept. */
export const preprocessSchema = z.strictObject({
  /** Ratings at or above this become positives; the others are dropped. Absent: every rating is a positive. */
  implicitThreshold: z.number().optional(),
  /** Repeatedly drop users and items with fewer interactions than this. 0 or 1: keep everything. */
  kCore: z.number().int().min(0).max(1000).default(0),
});

/** How interactions are held out. Tuning reads the validation part; the test part is for the final report only. */
export const splitSchema = z.discriminatedUnion("method", [
  /** Per user, a random share of their interactions (default 80/10/10). */
  z.strictObject({
    method: z.literal("random"),
    valid: z.number().min(0).max(0.5).default(0.1),
    test: z.number().min(0).max(0.5).default(0.1),
  }),
  /** Per user, the last interaction is the test item and the one before it the validation item. */
  z.strictObject({ method: z.literal("leave-one-out") }),
  /** One global time cut: the latest `test` share of all interactions is test, the `valid` share before it validation. */
  z.strictObject({
    method: z.literal("temporal"),
    valid: z.number().min(0).max(0.5).default(0.1),
    test: z.number().min(0).max(0.5).default(0.1),
  }),
]);

export const RECOMMENDER_MODELS = [
  "pop",
  "itemknn",
  "ease",
  "mf",
  "gmf",
  "mlp",
  "neumf",
  "content",
  "deepfm",
  "gru4rec",
] as const;

/** One recommender family. */
export const recommenderModelSchema = z.enum(RECOMMENDER_MODELS);
export type RecommenderModel = z.infer<typeof recommenderModelSchema>;

export const recommenderTargetSchema = z.strictObject({
  kind: z.literal("recommender"),
  /**
   * The model family, or several: the study then selects the family too (the space's `model` parameter,
   * a categorical over these families, with each family's hyperparameters conditioned on it by `when`).
   */
  model: z.union([recommenderModelSchema, z.array(recommenderModelSchema).min(1).max(RECOMMENDER_MODELS.length)]),
  dataset: datasetSchema,
  preprocess: preprocessSchema.default({ kCore: 0 }),
  split: splitSchema.default({ method: "random", valid: 0.1, test: 0.1 }),
  /** Seed of the data split; fixed per study so every trial is scored on the same held-out set. */
  splitSeed: z.number().int().default(0),
  /** Defaults for the model's hyperparameters; the trial's params override them. */
  fixed: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  /**
   * A study over several families: fixed values of one family (override `fixed`), e.g. a few epochs and
   * large batches for NeuMF next to MF's own. Keys are families of `model`.
   */
  fixedFor: z
    .partialRecord(recommenderModelSchema, z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])))
    .default({}),
  /** Cut-offs K of the ranking metrics computed (`ndcg@10`, `recall@20`, ...). */
  cutoffs: z.array(z.number().int().min(1).max(9999)).min(1).max(8).default([10, 20]),
  /** Score the validation split every this many epochs (and always after the last). */
  evalEvery: z.number().int().min(1).max(1000).default(1),
  /**
   * What a trial reports after each validation: "best", the metrics of its best validation so far on the
   * study's objective (early stopping within the trial: its result, test metrics and checkpoint to serve
   * are those of its best epoch); "epoch", the metrics of the epoch just scored.
   */
  report: z.enum(["best", "epoch"]).default("best"),
});

/**
 * Trials run by the user's own code, anywhere, through the API's ask/tell endpoints: the cluster's
 * workers never run them and the scheduler does not create them; a client asks for each configuration,
 * reports its steps (and hears the pruner's decision), and tells the result.
 */
export const externalTargetSchema = z.strictObject({
  kind: z.literal("external"),
  /** What the clients train, for people reading the study (e.g. "pytorch-mf"). */
  name: z.string().trim().min(1).max(200).optional(),
  /** The most steps (epochs) a trial reports: lets `pruner: auto` plan its rungs; without it auto does not prune. */
  steps: z.number().int().min(1).max(100_000).optional(),
});

/**
 * An objective module the cluster's operator installed on workers (RECTUNE_OBJECTIVES): the study names
 * it; the module's own schema checks the trial's params on the worker.
 */
export const moduleTargetSchema = z.strictObject({
  kind: z.literal("module"),
  name: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, "an objective module's name: lowercase letters, digits, dashes"),
  /** The most steps (epochs) a trial reports: lets `pruner: auto` plan its rungs. */
  steps: z.number().int().min(1).max(100_000).optional(),
  /** Options handed to the module's trials as `trial.config`. */
  config: z.record(z.string(), z.unknown()).default({}),
});

export const targetSchema = z.discriminatedUnion("kind", [
  functionTargetSchema,
  recommenderTargetSchema,
  externalTargetSchema,
  moduleTargetSchema,
]);

export type FunctionTarget = z.infer<typeof functionTargetSchema>;
export type RecommenderTarget = z.infer<typeof recommenderTargetSchema>;
export type ExternalTarget = z.infer<typeof externalTargetSchema>;
export type ModuleTarget = z.infer<typeof moduleTargetSchema>;
export type RecommenderTargetInput = z.input<typeof recommenderTargetSchema>;
export type DatasetConfig = z.infer<typeof datasetSchema>;
export type FileDatasetConfig = z.infer<typeof fileDatasetSchema>;
export type SyntheticDatasetConfig = z.infer<typeof syntheticDatasetSchema>["synthetic"];
export type FeatureFileConfig = z.infer<typeof featureFileSchema>;
export type SplitConfig = z.infer<typeof splitSchema>;
export type PreprocessConfig = z.infer<typeof preprocessSchema>;
export type Target = z.infer<typeof targetSchema>;
