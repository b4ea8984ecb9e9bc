import { createRng, deriveSeed } from "@rectune/search";
import type { RecommenderTarget } from "@rectune/spec";
import { prepareTrialData, type PreparedData } from "./data/prepared-data.js";
import { createModel, hyperparameterSchema } from "./models/registry.js";
import { trainPlusValid } from "./split/merge.js";
import type { Tf } from "./tf.js";
import { score, TrainingDivergedError, yieldingTo } from "./trial.js";

export interface FinalEvaluationArgs {
  readonly tf: Tf;
  readonly target: RecommenderTarget;
  /** The selected configuration (the best trial's params). */
  readonly params: Record<string, string | number | boolean>;
  /** Epochs to train: the number the selected trial ran; ignored by closed-form models. */
  readonly epochs?: number;
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
}

const refits = new WeakMap<PreparedData, PreparedData>();

/**
 * The final report's test score of a selected configuration: the model is refitted on training plus
 * validation interactions (as in Dacrema et al. 2019) and scored on the test split with both masked.
 * Selection must already be done: nothing here feeds back into tuning.
 */
export async function runFinalEvaluation(args: FinalEvaluationArgs): Promise<Record<string, number>> {
  const { tf, target, signal } = args;
  const data = refitData(await prepareTrialData(target, args.cacheDir));
  const rng = createRng(deriveSeed(target.splitSeed, 0xf1a1));
  const yieldControl = yieldingTo(signal);
  const trainsInEpochs = "epochs" in hyperparameterSchema(target.model).shape;
  const values = {
    ...target.fixed,
    ...args.params,
    ...(args.epochs !== undefined && trainsInEpochs ? { epochs: args.epochs } : {}),
  };
  const model = createModel(tf, target.model, data, values, rng);
  try {
    for (let epoch = 1; epoch <= model.epochs; epoch++) {
      const loss = await model.trainEpoch(epoch, { rng, yieldControl });
      if (!Number.isFinite(loss))
        throw new TrainingDivergedError(`training loss is ${loss} at epoch ${epoch} of the refit`);
    }
    // The refit's training lists already hold the validation items, so masking them masks both.
    return await score(model, data, target.cutoffs, "test", yieldControl);
  } finally {
    model.dispose();
  }
}

function refitData(data: PreparedData): PreparedData {
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
