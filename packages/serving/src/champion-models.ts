import { confineDataset, DataRootError } from "@rectune/data-roots";
import type { PreparedData, Recommender, Tf } from "@rectune/recsys";
import type { RecommenderTarget } from "@rectune/spec";
import type { ChampionReads, StudyReads, TrialLease } from "@rectune/store";
import { topK } from "./top-k.js";

/** Why a model cannot be served; the API maps it to a 4xx with `field`. */
export class ServingError extends Error {
  override readonly name = "ServingError";
  constructor(
    readonly status: 404 | 409 | 422,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RecommendRequest {
  /** Original user ids, as in the ratings file. */
  readonly users: readonly string[];
  readonly k: number;
  /** Leave out the items the model was fitted on for that user. */
  readonly excludeSeen: boolean;
  /** Serve this trial's own model (training split) instead of the champion. */
  readonly trial?: number;
}

export interface Recommendations {
  readonly trial: number;
  readonly recommendations: { user: string; items: { item: string; score: number }[] }[];
}

export type ServingReads = Pick<ChampionReads, "champion" | "championWeights"> &
  Pick<StudyReads, "study" | "trial"> &
  Pick<TrialLease, "loadCheckpoint">;

interface LoadedModel {
  readonly trial: number;
  readonly model: Recommender;
  readonly data: PreparedData;
  readonly userIndex: Map<string, number>;
  /** Each served user's scores over every item, computed once. */
  readonly rows: Map<number, Float32Array>;
  /** Each served user's fitted items, to exclude. */
  readonly seen: Map<number, Set<number>>;
  /** A user's fitted items (the training lists of the split the model was fitted on). */
  readonly listOf: (u: number) => Int32Array;
  /** Answers by user, k and excludeSeen: the model does not change, so neither do they. */
  readonly answers: Map<string, { item: string; score: number }[]>;
}

/** Kept answers per model; past it they are dropped and computed again. */
const MAX_ANSWERS = 200_000;

interface Entry {
  /** The champion's `updatedAt` it was loaded for (trials never change once finished). */
  readonly version: number;
  readonly loaded: Promise<LoadedModel>;
}

/**
 * A process's served models: each study's champion (or a chosen trial) loaded once from its saved
 * weights (closed-form families are refitted, deterministically), then every user's scores computed once
 * and kept; a request is a lookup and a top-K pass. The champion is looked up again at most every
 * `refreshMs`, and a new champion (a restarted study's new refit) replaces the old model.
 */
export class ChampionModels {
  private readonly entries = new Map<string, Entry>();
  private readonly checked = new Map<number, { at: number; version: Promise<number> }>();

  constructor(
    private readonly deps: {
      readonly reads: ServingReads;
      readonly tf: () => Promise<Tf>;
      readonly cacheDir: string;
      /** The folders a study's data files must lie in (checked again here before they are read). */
      readonly dataRoots: readonly string[];
      readonly refreshMs?: number;
      readonly now?: () => number;
    },
  ) {}

  async recommend(studyId: number, request: RecommendRequest): Promise<Recommendations> {
    const loaded = await this.model(studyId, request.trial);
    const unknown = request.users.findIndex((u) => !loaded.userIndex.has(u));
    if (unknown >= 0)
      throw new ServingError(422, `users.${unknown}`, "unknown user: not in the data set the model was fitted on");
    const users = request.users.map((u) => loaded.userIndex.get(u)!);
    const missing = [...new Set(users.filter((u) => !loaded.rows.has(u)))];
    if (missing.length > 0) {
      const scores = loaded.model.score(Int32Array.from(missing));
      const n = loaded.data.split.numItems;
      missing.forEach((u, b) => loaded.rows.set(u, scores.slice(b * n, (b + 1) * n)));
    }
    const { itemIds } = loaded.data.dataset;
    return {
      trial: loaded.trial,
      recommendations: request.users.map((user, i) => {
        const u = users[i]!;
        const key = `${u}/${request.k}/${request.excludeSeen}`;
        let items = loaded.answers.get(key);
        if (!items) {
          const best = topK(loaded.rows.get(u)!, request.k, request.excludeSeen ? this.seen(loaded, u) : undefined);
          items = Array.from(best.items, (item, r) => ({ item: itemIds[item]!, score: best.scores[r]! }));
          if (loaded.answers.size >= MAX_ANSWERS) loaded.answers.clear();
          loaded.answers.set(key, items);
        }
        return { user, items };
      }),
    };
  }

  /** The champion's model as served (for downloads): its data set's ids and the trial it came from. */
  async served(studyId: number): Promise<{ trial: number; userIds: string[]; itemIds: string[] }> {
    const loaded = await this.model(studyId, undefined);
    return { trial: loaded.trial, userIds: loaded.data.dataset.userIds, itemIds: loaded.data.dataset.itemIds };
  }

  private seen(loaded: LoadedModel, u: number): Set<number> {
    let seen = loaded.seen.get(u);
    if (!seen) loaded.seen.set(u, (seen = new Set(loaded.listOf(u))));
    return seen;
  }

  private async model(studyId: number, trial: number | undefined): Promise<LoadedModel> {
    const key = trial === undefined ? `${studyId}` : `${studyId}/${trial}`;
    const version = trial === undefined ? await this.championVersion(studyId) : 0;
    const entry = this.entries.get(key);
    if (entry?.version === version) return entry.loaded;
    const loaded = trial === undefined ? this.loadChampion(studyId) : this.loadTrial(studyId, trial);
    this.entries.set(key, { version, loaded });
    // A failed load is not kept: the next request tries again.
    loaded.catch(() => this.entries.get(key)?.loaded === loaded && this.entries.delete(key));
    void entry?.loaded.then((old) => old.model.dispose()).catch(() => {});
    return loaded;
  }

  /** The champion's version, read again at most every `refreshMs` (one query shared by concurrent requests). */
  private championVersion(studyId: number): Promise<number> {
    const now = (this.deps.now ?? Date.now)();
    const last = this.checked.get(studyId);
    if (last && now - last.at < (this.deps.refreshMs ?? 1_000)) return last.version;
    const version = this.deps.reads.champion(studyId).then((c) => {
      if (!c) throw new ServingError(409, "study", "the study has no champion yet: its budget is not spent");
      if (c.state !== "COMPLETE")
        throw new ServingError(
          409,
          "study",
          `the champion's refit is ${c.state.toLowerCase()}${c.error ? `: ${c.error}` : ""}`,
        );
      return c.updatedAt.getTime();
    });
    this.checked.set(studyId, { at: now, version });
    version.catch(() => this.checked.delete(studyId));
    return version;
  }

  private async loadChampion(studyId: number): Promise<LoadedModel> {
    const { reads } = this.deps;
    const recsys = await import("@rectune/recsys");
    const [study, champion, weights] = await Promise.all([
      reads.study(studyId),
      reads.champion(studyId),
      reads.championWeights(studyId),
    ]);
    if (!champion || study.spec.target.kind !== "recommender")
      throw new ServingError(409, "study", "the study has no champion to serve");
    const built = await recsys.loadRefitModel({
      tf: await this.deps.tf(),
      target: await this.confined(study.spec.target),
      params: champion.params,
      cacheDir: this.deps.cacheDir,
      weights: weights?.data ?? null,
      ...(champion.epochs === null ? {} : { epochs: champion.epochs }),
    });
    return indexed(champion.trialNumber, built, recsys.listOf);
  }

  private async loadTrial(studyId: number, number: number): Promise<LoadedModel> {
    const { reads } = this.deps;
    const [study, trial] = await Promise.all([reads.study(studyId), reads.trial(studyId, number)]);
    if (study.spec.target.kind !== "recommender") throw new ServingError(409, "study", "not a recommender study");
    // Outside PBT a running trial stores a checkpoint only every RECTUNE_CHECKPOINT_EVERY_MS, so its last
    // reported step may have none: the newest at or before it is served.
    const checkpoint =
      trial.lastStep === null ? null : await reads.loadCheckpoint(studyId, number, trial.lastStep, { orEarlier: true });
    // The recommender code (and TensorFlow.js) is loaded with the first model served, not with the API.
    const recsys = await import("@rectune/recsys");
    const built = await recsys
      .loadRefitModel({
        tf: await this.deps.tf(),
        target: await this.confined(study.spec.target),
        params: trial.params,
        cacheDir: this.deps.cacheDir,
        weights: checkpoint ? recsys.servedState(checkpoint.data) : null,
        on: "train",
      })
      .catch((error: unknown) => {
        throw new ServingError(
          409,
          "trial",
          `trial ${number} cannot be served: ${error instanceof Error ? error.message : String(error)} (a finished trial keeps its weights only while it is the champion)`,
        );
      });
    return indexed(number, built, recsys.listOf);
  }

  /**
   * The target with its data files checked against this machine's data roots. The study was accepted
   * (its files were inside the roots of the API that took it), so a refusal here is this process's
   * configuration, not the caller's request: a 409 on the study, not a 400 on a field it did not send.
   */
  private async confined(target: RecommenderTarget): Promise<RecommenderTarget> {
    try {
      return { ...target, dataset: await confineDataset(target.dataset, this.deps.dataRoots) };
    } catch (error) {
      if (!(error instanceof DataRootError)) throw error;
      throw new ServingError(409, "study", `this API cannot read the study's ${error.field}: ${error.message}`);
    }
  }
}

function indexed(
  trial: number,
  built: { model: Recommender; data: PreparedData },
  listOf: typeof import("@rectune/recsys").listOf,
): LoadedModel {
  const userIndex = new Map(built.data.dataset.userIds.map((id, u) => [id, u]));
  const train = built.data.split.train;
  return {
    trial,
    ...built,
    userIndex,
    listOf: (u) => listOf(train, u),
    rows: new Map(),
    seen: new Map(),
    answers: new Map(),
  };
}
