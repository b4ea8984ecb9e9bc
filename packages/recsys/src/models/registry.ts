import type { Rng } from "@rectune/search";
import type { RecommenderModel } from "@rectune/spec";
import { z } from "zod";
import type { Tf } from "../tf.js";
import { contentParams, createContent } from "./content.js";
import { createDeepFm, deepFmParams } from "./deepfm.js";
import { createEase, easeParams } from "./ease.js";
import { createGru4Rec, gru4recParams } from "./gru4rec.js";
import { createItemKnn, itemKnnParams } from "./itemknn.js";
import { createMf, mfParams } from "./mf.js";
import { createNcf, gmfParams, mlpParams, neumfParams } from "./ncf.js";
import { createPop, popParams } from "./pop.js";
import type { ModelFactory, Recommender, TrainingData } from "./recommender.js";

export type RecommenderModelName = RecommenderModel;

interface ModelDefinition<S extends z.ZodObject> {
  readonly params: S;
  readonly create: ModelFactory<z.infer<S>>;
}

const define = <S extends z.ZodObject>(params: S, create: ModelDefinition<S>["create"]): ModelDefinition<S> => ({
  params,
  create,
});

/** Every model of the spec's `RECOMMENDER_MODELS`, with its declared hyperparameters (zod, with defaults). */
const MODELS = {
  pop: define(popParams, (_tf, data) => createPop(data)),
  itemknn: define(itemKnnParams, (_tf, data, p) => createItemKnn(data, p)),
  ease: define(easeParams, (_tf, data, p) => createEase(data, p)),
  mf: define(mfParams, createMf),
  gmf: define(gmfParams, (tf, data, p, rng) => createNcf(tf, data, "gmf", p, rng)),
  mlp: define(mlpParams, (tf, data, p, rng) => createNcf(tf, data, "mlp", p, rng)),
  neumf: define(neumfParams, (tf, data, p, rng) => createNcf(tf, data, "neumf", p, rng)),
  content: define(contentParams, createContent),
  deepfm: define(deepFmParams, createDeepFm),
  gru4rec: define(gru4recParams, createGru4Rec),
} satisfies Record<RecommenderModelName, ModelDefinition<z.ZodObject>>;

/** The hyperparameter schema of a model (zod object; every field has a default). */
export const hyperparameterSchema = (model: RecommenderModelName): z.ZodObject => MODELS[model].params;

/** Names a study's search space and `fixed` values may use for this model. */
export const hyperparameterNames = (model: RecommenderModelName): string[] => Object.keys(MODELS[model].params.shape);

/** A configuration the model does not accept: unknown names, wrong types, out-of-range values. */
export class HyperparameterError extends Error {
  override readonly name = "HyperparameterError";
}

/** Validates values against the model's declaration, filling defaults. */
export function parseHyperparameters(
  model: RecommenderModelName,
  values: Record<string, string | number | boolean>,
): Record<string, unknown> {
  const parsed = MODELS[model].params.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(params)"}: ${i.message}`).join("; ");
    throw new HyperparameterError(
      `model "${model}": ${problems}; known hyperparameters: ${hyperparameterNames(model).join(", ")}`,
    );
  }
  return parsed.data;
}

/** Builds a model from raw trial values (validated here). */
export function createModel(
  tf: Tf,
  model: RecommenderModelName,
  data: TrainingData,
  values: Record<string, string | number | boolean>,
  rng: Rng,
): Recommender {
  const definition = MODELS[model] as ModelDefinition<z.ZodObject>;
  return definition.create(tf, data, parseHyperparameters(model, values), rng);
}
