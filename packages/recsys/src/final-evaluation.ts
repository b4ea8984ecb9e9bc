import { createRng, deriveSeed } from "@rectune/search";
import type { RecommenderTarget } from "@rectune/spec";
import { prepareTrialData, type PreparedData } from "./data/prepared-data.js";
import { familyValues } from "./models/family-values.js";
import type { Recommender } from "./models/recommender.js";
import { createModel, hyperparameterSchema } from "./models/registry.js";
import { trainPlusValid } from "./split/merge.js";
import type { Tf } from "./tf.js";
import { score, TrainingDivergedError, yieldingTo } from "./trial.js";

export interface FinalEvaluationArgs {
  readonly tf: Tf;
  readonly target: RecommenderTarget;
  /** The selected configuration (the best trial's params; its `model` too in a study over several families). */
  readonly params: Record<string, string | number | boolean>;
  /** Epochs to train: the selected trial's best epoch; ignored by closed-form models. */
  readonly epochs?: number;
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
}

export interface FinalEvaluation {
  /** Every ranking metric on the test split (training and validation interactions masked). */
  readonly testMetrics: Record<string, number>;
  /** Epochs the refit trained (1 for closed-form models). */
  readonly epochs: number;
  /** The refitted model's state (tfjs weights and optimizer slots), or null for closed-form models. */
  readonly weights: Uint8Array | null;
}

const refits = new WeakMap<PreparedData, PreparedData>();

/**
 * The final report's test score of a selected configuration: the model is refitted on training plus
 * validation interactions (as in Dacrema et al. 2019) and scored once on the test split with both masked.
 * Selection must already be done: nothing here feeds back into tuning. The one code path of the study's
 * champion (the worker's refit job) and of `bench:quality`.
 */
export async function runFinalEvaluation(args: FinalEvaluationArgs): Promise<FinalEvaluation> {
  const { target, signal } = args;
  const yieldControl = yieldingTo(signal);
  const { model, data } = await buildRefitModel(args);
  try {
    for (let epoch = 1; epoch <= model.epochs; epoch++) {
      const loss = await model.model.trainEpoch(epoch, { rng: model.rng, yieldControl });
      if (!Number.isFinite(loss))
        throw new TrainingDivergedError(`training loss is ${loss} at epoch ${epoch} of the refit`);
    }
    // The refit's training lists already hold the validation items, so masking them masks both.
    const testMetrics = await score(model.model, data, target.cutoffs, "test", yieldControl);
    const weights = model.model.state ? await model.model.state.save() : null;
    return { testMetrics, epochs: model.epochs, weights };
  } finally {
    model.model.dispose();
  }
}

/**
 * A refitted champion rebuilt for serving: gradient-trained models load their saved weights; closed-form
 * ones (Pop, ItemKNN, EASE) are fitted again, which is deterministic and cheaper to keep than their
 * item×item weights (EASE on 9.7k items would be 378 MB).
 */
export async function loadRefitModel(
  args: FinalEvaluationArgs & {
    readonly weights: Uint8Array | null;
    /** What the model was fitted on: the refit's training + validation (default), or a trial's training split. */
    readonly on?: "refit" | "train";
  },
): Promise<{ readonly model: Recommender; readonly data: PreparedData }> {
  const { model, data } = await buildRefitModel(args, args.on ?? "refit");
  try {
    if (args.weights) {
      if (!model.model.state) throw new Error("saved weights for a model that keeps no training state");
      await model.model.state.restore(args.weights);
    } else if (model.model.state) {
      throw new Error("no saved weights for a gradient-trained model (it would have to be trained again)");
    } else {
      for (let epoch = 1; epoch <= model.epochs; epoch++)
        await model.model.trainEpoch(epoch, { rng: model.rng, yieldControl: yieldingTo(args.signal) });
    }
    return { model: model.model, data };
  } catch (error) {
    model.model.dispose();
    throw error;
  }
}

async function buildRefitModel(args: FinalEvaluationArgs, on: "refit" | "train" = "refit") {
  const { tf, target } = args;
  const prepared = await prepareTrialData(target, args.cacheDir);
  const data = on === "refit" ? refitData(prepared) : prepared;
  const rng = createRng(deriveSeed(target.splitSeed, 0xf1a1));
  const { model: family, values } = familyValues(target, args.params);
  const trainsInEpochs = "epochs" in hyperparameterSchema(family).shape;
  const built = createModel(
    tf,
    family,
    data,
    { ...values, ...(args.epochs !== undefined && trainsInEpochs ? { epochs: args.epochs } : {}) },
    rng,
  );
  return { model: { model: built, rng, epochs: built.epochs }, data };
}

/** The training data of a refit: training plus validation interactions, nothing held out for validation. */
export function refitData(data: PreparedData): PreparedData {
  let refit = refits.get(data);
  if (!refit) {
    const train = trainPlusValid(data.dataset, data.split);
    const itemUsers = new Int32Array(data.split.numItems);
    for (const i of train.items) itemUsers[i]!++;
    const empty = { offsets: new Int32Array(data.split.numUsers + 1), items: new Int32Array(0) };
    refit = { ...data, itemUsers, split: { ...data.split, train, valid: empty } };
    refits.set(data, refit);
  }
  return refit;
}
