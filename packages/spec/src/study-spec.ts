import { resourcesSchema } from "./resources.js";
import { samplerConfigSchema, prunerStrategySchema, searchSpaceSchema } from "@rectune/search";
import { z } from "zod";
import { isMetricName } from "./metrics.js";
import { CHEAP_FAMILIES, FAMILY_PARAM, familiesOf, selectsFamily } from "./families.js";
import { targetSchema, type RecommenderModel, type RecommenderTarget } from "./target.js";

/** Recommender models trained by gradient descent whose objective saves weights and optimizer state per epoch. */
export const CHECKPOINTED_MODELS = ["mf", "gmf", "mlp", "neumf", "content", "deepfm"] as const;
/** Hyperparameters a checkpoint can carry over to: they change how training goes on, not the model's variables. */
export const PBT_EXPLORABLE = [
  "lr",
  "l2",
  "negatives",
  "negativeCandidates",
  "batchSize",
  "loss",
  "optimizer",
  "dropout",
  "epochs",
] as const;

const objectiveSchema = z.strictObject({
  /** Built-in targets' metrics are checked against the spec's target below; an external client names its own. */
  metric: z
    .string()
    .regex(/^[A-Za-z][\w@./:-]{0,99}$/, { message: "a metric name: a letter, then letters, digits, _ @ . / : -" }),
  direction: z.enum(["minimize", "maximize"]),
});

/**
 * Opt-in warm start: the study first runs the best configurations of earlier finished studies (clipped
 * into its space), then continues with its sampler. "auto": every completed study on the same data set
 * and model family (function targets: the same function); or the listed study ids.
 */
export const warmStartSchema = z.strictObject({
  from: z.union([z.literal("auto"), z.array(z.number().int().positive()).min(1).max(100)]).default("auto"),
  /** How many configurations to start with. */
  topK: z.number().int().min(1).max(100).default(5),
});

const strategyObjectSchema = z.strictObject({
  /** "auto" (the default): rectune picks the sampler from the space and budget, then by what works. */
  sampler: samplerConfigSchema.default({ name: "auto" }),
  warmStart: warmStartSchema.optional(),
  /**
   * Early stopping (median, percentile, asha, hyperband) or population-based training (pbt), decided per
   * reported step. "auto" (the default): rectune chooses none, median, ASHA or Hyperband per trial from the
   * budget, the epochs and how well the study's early epochs predict its final values.
   */
  pruner: prunerStrategySchema.default({ name: "auto" }),
  /** Total number of trials the study runs. */
  maxTrials: z.number().int().positive().max(1_000_000),
  /** Trials in flight at once. */
  parallelism: z.number().int().positive().max(10_000).default(1),
  /** Seed for the sampler's random streams; the same seed and history give the same trials. */
  seed: z.number().int().default(0),
  /** Claims per trial before it is FAILED (a worker that dies mid-trial costs one attempt). */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  /**
   * Longest a trial attempt may run (ms): past it the worker interrupts the objective and the attempt
   * counts as failed (retried while attempts are left), freeing its slot. Unset: no limit.
   */
  trialTimeoutMs: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3_600_000)
    .optional(),
});

/** The strategy's deprecated spelling of `pruner` (its former name): still read, with a warning. */
export const DEPRECATED_PRUNER_KEY = "scheduler";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `strategy` of the study spec. `scheduler` is read as `pruner`; giving both is an error. */
export const strategySchema = z.preprocess((input, ctx) => {
  if (!isRecord(input) || !(DEPRECATED_PRUNER_KEY in input)) return input;
  const { [DEPRECATED_PRUNER_KEY]: pruner, ...rest } = input;
  if ("pruner" in rest) {
    ctx.addIssue({
      code: "custom",
      path: [DEPRECATED_PRUNER_KEY],
      message: "give only strategy.pruner: strategy.scheduler is its deprecated name",
      input,
    });
    return input;
  }
  return { ...rest, pruner };
}, strategyObjectSchema);

/**
 * The study spec: the one contract for a study, parsed by the API, the CLI and the scheduler.
 * `objective` may be one objective or a list (multi-objective studies).
 */
const studySpecObject = z.strictObject({
  name: z.string().trim().min(1).max(200),
  objective: z.union([objectiveSchema, z.array(objectiveSchema).min(1).max(8)]),
  target: targetSchema,
  space: searchSpaceSchema,
  strategy: strategySchema,
  resources: resourcesSchema.default({ accelerator: "any" }),
});

const studySpecChecked = studySpecObject.superRefine((spec, ctx) => {
  const objectives = Array.isArray(spec.objective) ? spec.objective : [spec.objective];
  objectives.forEach((o, i) => {
    const isValue = o.metric === "value";
    // External clients and objective modules report metrics of their own naming.
    if ((spec.target.kind === "function" || spec.target.kind === "recommender") && !isMetricName(o.metric)) {
      ctx.addIssue({
        code: "custom",
        path: Array.isArray(spec.objective) ? ["objective", i, "metric"] : ["objective", "metric"],
        message: "unknown metric (e.g. ndcg@10, recall@20, mrr, value)",
      });
      return;
    }
    if (spec.target.kind === "function" && !isValue) {
      ctx.addIssue({
        code: "custom",
        path: Array.isArray(spec.objective) ? ["objective", i, "metric"] : ["objective", "metric"],
        message: `function targets report the metric "value", not "${o.metric}"`,
      });
    }
    if (spec.target.kind === "recommender" && isValue) {
      ctx.addIssue({
        code: "custom",
        path: Array.isArray(spec.objective) ? ["objective", i, "metric"] : ["objective", "metric"],
        message: `recommender targets report ranking metrics such as ndcg@10, not "value"`,
      });
    }
  });
  // PBT copies weights between trials: only a target whose objective saves checkpoints can take part,
  // and it may explore only hyperparameters that keep the copied weights' shapes.
  if (spec.strategy.pruner.name === "pbt") {
    const target = spec.target;
    if (
      target.kind === "external" ||
      target.kind === "module" ||
      (target.kind === "function"
        ? target.name !== "curve"
        : !familiesOf(target).every((m) => (CHECKPOINTED_MODELS as readonly string[]).includes(m)))
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["strategy", "pruner", "name"],
        message:
          "pbt needs a target that saves checkpoints: the curve function or a gradient-trained recommender " +
          `(${CHECKPOINTED_MODELS.join(", ")})`,
      });
    } else if (target.kind === "recommender") {
      const kept = (n: string) => (PBT_EXPLORABLE as readonly string[]).includes(n) || n === FAMILY_PARAM;
      for (const name of Object.keys(spec.space).filter((n) => !kept(n))) {
        ctx.addIssue({
          code: "custom",
          path: ["space", name],
          message:
            "pbt copies weights between trials, so it explores only hyperparameters that keep their shapes " +
            `(${PBT_EXPLORABLE.join(", ")}); fix ${name} in target.fixed`,
        });
      }
    }
  }
  if (spec.target.kind === "recommender" && selectsFamily(spec.target)) familyIssues(spec, ctx);
});

/**
 * A study over several families tunes the family as a categorical the sampler sees like any other: when
 * the space does not name it, `model: { type: categorical, choices: target.model }` is added before the
 * space is checked, so its parameters can be conditioned on it (`when: { model: [mf] }`).
 */
export const studySpecSchema = z.preprocess((input) => {
  if (!isRecord(input) || !isRecord(input.target) || !isRecord(input.space)) return input;
  const models = input.target.model;
  if (!Array.isArray(models) || FAMILY_PARAM in input.space) return input;
  return { ...input, space: { [FAMILY_PARAM]: { type: "categorical", choices: models }, ...input.space } };
}, studySpecChecked);

/**
 * A study over several families: its `model` parameter (when the space gives one) draws only listed
 * families, and every `when: { model: [...] }` names listed families.
 */
function familyIssues(spec: z.output<typeof studySpecObject>, ctx: z.RefinementCtx): void {
  if (spec.target.kind !== "recommender") return;
  const families: readonly string[] = familiesOf(spec.target);
  const given = spec.space[FAMILY_PARAM];
  if (given && (given.type !== "categorical" || given.choices.some((c) => !families.includes(String(c)))))
    ctx.addIssue({
      code: "custom",
      path: ["space", FAMILY_PARAM],
      message: `the family parameter must be a categorical over target.model (${families.join(", ")})`,
    });
  for (const family of Object.keys(spec.target.fixedFor))
    if (!families.includes(family))
      ctx.addIssue({
        code: "custom",
        path: ["target", "fixedFor", family],
        message: `"${family}" is not one of target.model (${families.join(", ")})`,
      });
  for (const [name, def] of Object.entries(spec.space))
    for (const value of def.when?.[FAMILY_PARAM] ?? [])
      if (!families.includes(String(value)))
        ctx.addIssue({
          code: "custom",
          path: ["space", name, "when", FAMILY_PARAM],
          message: `"${String(value)}" is not one of target.model (${families.join(", ")})`,
        });
}

/**
 * What is wrong with a study over several families for the families it conditions parameters on:
 * each parameter conditioned by `when: { model: [...] }` must be a hyperparameter of every family it names,
 * and an unconditioned one of every family. `namesOf` gives a family's hyperparameter names.
 */
export function familyHyperparameterProblems(
  spec: StudySpec,
  namesOf: (family: RecommenderModel) => readonly string[],
): { field: string; message: string }[] {
  if (spec.target.kind !== "recommender" || !selectsFamily(spec.target)) return [];
  const problems: { field: string; message: string }[] = [];
  const families = familiesOf(spec.target);
  for (const [name, def] of Object.entries(spec.space)) {
    if (name === FAMILY_PARAM) continue;
    const condition = def.when?.[FAMILY_PARAM];
    const scope = condition ? families.filter((f) => condition.includes(f)) : families;
    const without = scope.filter((f) => !namesOf(f).includes(name));
    if (without.length > 0)
      problems.push({
        field: `space.${name}`,
        message: condition
          ? `"${name}" is not a hyperparameter of ${without.join(", ")}; condition it on families that take it`
          : `"${name}" applies to every family but ${without.join(", ")} do not take it; add when: { ${FAMILY_PARAM}: [...] }`,
      });
  }
  for (const [family, values] of Object.entries(spec.target.fixedFor))
    for (const name of Object.keys(values ?? {}))
      if (!namesOf(family as RecommenderModel).includes(name))
        problems.push({
          field: `target.fixedFor.${family}.${name}`,
          message: `"${name}" is not a hyperparameter of ${family}; expected one of ${namesOf(family as RecommenderModel).join(", ")}`,
        });
  return problems;
}

/** The cheap families a study lists, cheapest first: `auto` spends its first trials on them. */
export const cheapFamiliesOf = (spec: StudySpec): readonly RecommenderModel[] =>
  spec.target.kind === "recommender" && selectsFamily(spec.target)
    ? CHEAP_FAMILIES.filter((f) => familiesOf(spec.target as { model: RecommenderTarget["model"] }).includes(f))
    : [];

export type StudySpecInput = z.input<typeof studySpecObject>;
export type StudySpec = z.output<typeof studySpecSchema>;
export type Objective = z.infer<typeof objectiveSchema>;

/** The objectives as a list, whatever form the spec used. */
export const objectivesOf = (spec: StudySpec): Objective[] =>
  Array.isArray(spec.objective) ? spec.objective : [spec.objective];
