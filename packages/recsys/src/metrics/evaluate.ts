import type { FeatureTable } from "../data/dataset.js";
import { listOf, type UserLists } from "../split/user-lists.js";
import { coverage, gini, intraListDiversity, novelty } from "./beyond-accuracy.js";
import { averagePrecision, hitRate, ndcg, precision, rankStatistics, recall } from "./ranking.js";
import { topK } from "./top-k.js";

export interface EvaluationInput {
  /** Scores of every item for each user, row-major `users.length × numItems`. */
  readonly score: (users: Int32Array) => Float32Array | Promise<Float32Array>;
  readonly numItems: number;
  /** Held-out items per user; users with none are not scored. */
  readonly targets: UserLists;
  /** Items never to recommend to the user (training, and for the test split validation, interactions). */
  readonly masks: readonly UserLists[];
  readonly cutoffs: readonly number[];
  /** Training users per item, for novelty. */
  readonly itemUsers: Int32Array;
  readonly numTrainUsers: number;
  /** Item genres, for intra-list diversity (skipped when null). */
  readonly itemFeatures: FeatureTable | null;
  /**
   * Only these metrics (names as returned, e.g. `ndcg@10`); absent: every one. What a training epoch's
   * report needs is usually one top-K metric: MRR and AUC cost a second pass over every candidate item
   * of every user, as much as the top-K ranking itself.
   */
  readonly metrics?: readonly string[];
  /** Users scored per call of `score`; absent: as many as SCORES_PER_BATCH scores allow. */
  readonly batchSize?: number;
  /** Called between user batches so the caller's event loop (heartbeats, aborts) keeps running. */
  readonly yieldControl?: () => Promise<void>;
}

/**
 * The scores one call of `score` produces at most (32 MB of float32) when no batch size is given. Few
 * large calls, not many small ones: each call multiplies by the whole item table, and on wasm that
 * costs a transposed copy of the table and XNNPACK's repacking of it, whatever the number of users
 * (ml-latest-small's 610 validation users were three calls of 256; they are now one).
 */
const SCORES_PER_BATCH = 1 << 23;

/**
 * Full-ranking evaluation over all items, the user's masked items excluded: HR, Recall, Precision,
 * NDCG, MAP at each cut-off, MRR and AUC, averaged over users with held-out items; coverage, Gini,
 * novelty and diversity of the top-K lists. Names follow @rectune/spec's metric grammar (`ndcg@10`).
 */
export async function evaluate(input: EvaluationInput): Promise<Record<string, number>> {
  const { numItems, targets, cutoffs } = input;
  const maxK = Math.max(...cutoffs);
  const users = Int32Array.from({ length: targets.offsets.length - 1 }, (_, u) => u).filter(
    (u) => listOf(targets, u).length > 0,
  );
  const wanted = (name: string): boolean => input.metrics === undefined || input.metrics.includes(name);
  const at = cutoffs.map((k) => {
    const has = (name: string): boolean => wanted(`${name}@${k}`);
    return {
      hr: has("hr"),
      recall: has("recall"),
      precision: has("precision"),
      ndcg: has("ndcg"),
      map: has("map"),
      novelty: has("novelty"),
      diversity: has("diversity"),
      lists: has("coverage") || has("gini"),
    };
  });
  const ranks = { mrr: wanted("mrr"), auc: wanted("auc") };
  const sums = new Map<string, number>();
  const add = (name: string, v: number): void => void sums.set(name, (sums.get(name) ?? 0) + v);
  const counts = cutoffs.map(() => new Int32Array(numItems));
  const mask = new Uint8Array(numItems);
  const batchSize = input.batchSize ?? Math.max(1, Math.floor(SCORES_PER_BATCH / numItems));
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.subarray(start, start + batchSize);
    const scores = await input.score(batch);
    batch.forEach((u, b) => {
      const row = scores.subarray(b * numItems, (b + 1) * numItems);
      for (const m of input.masks) for (const i of listOf(m, u)) mask[i] = 1;
      const relevant = new Set(listOf(targets, u));
      const ranked = topK(row, maxK, mask);
      cutoffs.forEach((k, c) => {
        const list = ranked.subarray(0, k);
        const want = at[c]!;
        if (want.hr) add(`hr@${k}`, hitRate(list, relevant, k));
        if (want.recall) add(`recall@${k}`, recall(list, relevant, k));
        if (want.precision) add(`precision@${k}`, precision(list, relevant, k));
        if (want.ndcg) add(`ndcg@${k}`, ndcg(list, relevant, k));
        if (want.map) add(`map@${k}`, averagePrecision(list, relevant, k));
        if (want.novelty) add(`novelty@${k}`, novelty(list, input.itemUsers, input.numTrainUsers));
        if (want.diversity && input.itemFeatures) add(`diversity@${k}`, intraListDiversity(list, input.itemFeatures));
        if (want.lists) for (const i of list) counts[c]![i]!++;
      });
      if (ranks.mrr || ranks.auc) {
        const { mrr, auc } = rankStatistics(row, relevant, mask);
        if (ranks.mrr) add("mrr", mrr);
        if (ranks.auc) add("auc", auc);
      }
      for (const m of input.masks) for (const i of listOf(m, u)) mask[i] = 0;
    });
    await input.yieldControl?.();
  }
  const metrics: Record<string, number> = {};
  for (const [name, sum] of sums) metrics[name] = sum / users.length;
  cutoffs.forEach((k, c) => {
    if (wanted(`coverage@${k}`)) metrics[`coverage@${k}`] = coverage(counts[c]!);
    if (wanted(`gini@${k}`)) metrics[`gini@${k}`] = gini(counts[c]!);
  });
  return metrics;
}
