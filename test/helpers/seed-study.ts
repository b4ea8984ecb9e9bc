import { createRng, type Params } from "@rectune/search";
import { parseStudySpec, type StudySpec } from "@rectune/spec";
import type { Store } from "@rectune/store";
import type { TestSql } from "./sql.js";

/** A matrix-factorization study on MovieLens as the dashboard shows it (the data set is never read). */
export function recommenderSpec(name: string, maxTrials: number, steps: number): StudySpec {
  return parseStudySpec({
    name,
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: {
      kind: "recommender",
      model: "mf",
      dataset: { path: "../shared/datasets/ml-latest-small/ratings.csv", format: "ml-latest" },
      fixed: { epochs: steps },
    },
    space: {
      lr: { type: "float", low: 1e-4, high: 0.3, log: true },
      dim: { type: "int", low: 8, high: 128, log: true },
      l2: { type: "float", low: 1e-6, high: 1e-2, log: true },
      optimizer: { type: "categorical", choices: ["adam", "adagrad", "sgd"] },
      negatives: { type: "int", low: 1, high: 8 },
    },
    strategy: { sampler: "auto", pruner: { name: "asha", maxResource: steps }, maxTrials, parallelism: 4, seed: 7 },
  });
}

export interface SeedOptions {
  readonly name: string;
  readonly trials: number;
  /** Epochs each trial reports (pruned ones fewer). */
  readonly steps: number;
  /** Budget beyond the seeded trials: the study stays RUNNING with room for live trials. */
  readonly room?: number;
  readonly seed?: number;
}

/**
 * A finished (or, with `room`, running) recommender study with `trials` trials written through the
 * store's worker path (create, claim, finish): NDCG@10 depends mostly on log(lr), a little on the
 * dimension and the optimizer; about 15 % of the trials are pruned at an early rung and 3 % fail.
 * Every trial has validation and test metrics, a best epoch and a learning curve (one SQL statement per
 * batch, so 10,000 trials seed in seconds).
 */
export async function seedStudy(store: Store, sql: TestSql, options: SeedOptions): Promise<{ id: number }> {
  const { trials, steps } = options;
  const rng = createRng(options.seed ?? 1);
  const study = await store.createStudy(recommenderSpec(options.name, trials + (options.room ?? 0), steps));
  const worker = `seed-${study.id}`;
  await store.registerWorker({
    id: worker,
    host: "gpu-node-1",
    pid: 4242,
    backend: "tensorflow-gpu",
    concurrency: 4,
  });
  const warmup = Math.min(10, trials);
  for (let start = 0; start < trials; start += 1000) {
    const n = Math.min(1000, trials - start);
    const proposals = Array.from({ length: n }, (_, i) => {
      const number = start + i;
      const params: Params = {
        lr: Math.exp(Math.log(1e-4) + rng.next() * Math.log(3000)),
        dim: Math.round(Math.exp(Math.log(8) + rng.next() * Math.log(16))),
        l2: Math.exp(Math.log(1e-6) + rng.next() * Math.log(1e4)),
        optimizer: ["adam", "adagrad", "sgd"][rng.int(3)]!,
        negatives: 1 + rng.int(8),
      };
      const sampler = number < warmup ? "auto:qmc" : rng.next() < 0.7 ? "auto:gp" : "auto:tpe";
      return { params, strategy: { sampler, pruner: "asha" } };
    });
    const created = await store.createTrials(study.id, proposals);
    const claimed = await Promise.all(created.map((t) => store.claim(t.id, worker)));
    const curves: { id: number; steps: number; final: number }[] = [];
    await Promise.all(
      claimed.map((t) => {
        if (!t) throw new Error("seeded trial not claimed");
        const p = t.params;
        const quality =
          0.3 -
          0.02 * (Math.log10(p.lr as number) + 1.5) ** 2 +
          (0.01 * Math.log2(p.dim as number)) / 7 -
          (p.optimizer === "sgd" ? 0.02 : 0) +
          0.005 * rng.normal();
        const roll = rng.next();
        const state = roll < 0.03 ? "FAILED" : roll < 0.18 ? "PRUNED" : "COMPLETE";
        const reported = state === "PRUNED" ? Math.max(1, Math.floor(steps / 3)) : state === "FAILED" ? 2 : steps;
        const final = quality * (1 - Math.exp(-reported / 4));
        const bestEpoch = Math.max(1, reported - rng.int(3));
        curves.push({ id: t.id, steps: state === "FAILED" ? Math.min(2, steps) : reported, final: quality });
        return store.finish(
          t.id,
          t.attempt,
          state === "FAILED"
            ? { state, error: "RangeError: embedding dimension 0 after preprocessing (seeded failure)" }
            : {
                state,
                values: [final],
                metrics: {
                  "ndcg@10": final,
                  "recall@20": final * 1.6,
                  mrr: final * 0.8,
                  "test/ndcg@10": final * 0.97,
                  "test/recall@20": final * 1.55,
                  bestEpoch,
                  epochs: reported,
                },
              },
        );
      }),
    );
    // Learning curves: value at step s rises towards the trial's quality.
    await sql.rows(
      `WITH c AS (SELECT * FROM unnest($1::int[], $2::int[], $3::float8[]) AS c(id, steps, q))
      INSERT INTO intermediate_values (trial_id, study_id, step, value, metrics, attempt, created_at)
      SELECT c.id, $4::int, s, c.q * (1 - exp(-s / 4.0)), NULL, 1, now() FROM c, generate_series(1, c.steps) AS s`,
      [curves.map((c) => c.id), curves.map((c) => c.steps), curves.map((c) => c.final), study.id],
    );
    await sql.rows(
      `UPDATE trials t SET last_step = c.steps FROM unnest($1::int[], $2::int[]) AS c(id, steps) WHERE t.id = c.id`,
      [curves.map((c) => c.id), curves.map((c) => c.steps)],
    );
  }
  await store.recordDecisions(study.id, [
    {
      trial: 0,
      kind: "plan",
      to: "qmc",
      reason: `5 parameters, budget ${trials}: GP, shared with the others once it stalls; ${warmup} quasi-random warm-up trials first`,
      shares: { gp: 0.5, tpe: 0.3, cmaes: 0.2 },
    },
    {
      trial: warmup,
      kind: "bandit",
      from: "qmc",
      to: "gp",
      reason: `${warmup} trials completed: gp proposes until it stalls, then the bandit picks among gp and tpe`,
      shares: { gp: 0.7, tpe: 0.3 },
    },
  ]);
  if (!options.room) await store.finishStudy(study.id, "COMPLETED");
  return { id: study.id };
}

/**
 * One more trial of a running seeded study, through the worker path (create, claim, finish COMPLETE with
 * `value`): what a worker's commit looks like to a live page. Resolves once the result is committed.
 */
export async function completeOneTrial(store: Store, studyId: number, value: number): Promise<{ number: number }> {
  const [created] = await store.createTrials(studyId, [
    { params: { lr: 0.03, dim: 64, l2: 1e-4, optimizer: "adam", negatives: 4 }, strategy: { sampler: "auto:gp" } },
  ]);
  const claimed = created && (await store.claim(created.id, "live-worker"));
  if (!created || !claimed) throw new Error(`study ${studyId} took no trial`);
  await store.finish(created.id, claimed.attempt, {
    state: "COMPLETE",
    values: [value],
    metrics: { "ndcg@10": value, "test/ndcg@10": value * 0.97 },
  });
  return { number: created.number };
}
