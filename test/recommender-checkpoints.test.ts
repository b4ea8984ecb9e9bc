import { TrialRunner, type Objective, type StepVerdict } from "@rectune/runner";
import { parseStudySpec } from "@rectune/spec";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { createPostgresStore, type Store } from "@rectune/store";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createObjectiveResolver } from "@rectune/objectives";
import { createTestDatabase } from "./helpers/db.js";
import { TestSql } from "./helpers/sql.js";

const EPOCHS = 4;
const spec = parseStudySpec(
  syntheticRecommenderStudy({
    name: "mf killed between epochs",
    model: "mf",
    synthetic: { users: 50, items: 80, interactionsPerUser: 15, seed: 6 },
    cutoffs: [10],
    fixed: { epochs: EPOCHS, batchSize: 256, dim: 8 },
    space: { lr: { type: "float", low: 0.001, high: 0.1, log: true } },
    strategy: { sampler: "random", maxTrials: 1, parallelism: 1 },
  }),
);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * The worker path for recommenders, in process and against the real store: trial runner, checkpoints
 * (PostgreSQL bytea), the worker's objective resolver.
 */
describe("an MF trial whose worker dies between epochs", () => {
  let store: Store;
  let sql: TestSql;

  beforeAll(async () => {
    const url = await createTestDatabase();
    store = createPostgresStore(url, { poolSize: 6 });
    sql = new TestSql(url);
  });

  afterAll(async () => {
    await store?.close();
    await sql?.close();
  });

  it("resumes on another worker from its last checkpoint; no epoch is reported twice; the curve is the uninterrupted one", async () => {
    const { tf } = await loadTensorflow({ force: "cpu-accelerated" });
    const real = createObjectiveResolver({ tf, cacheDir: "", dataRoots: [] })(spec.target).run;

    // The curve of the same configuration trained without interruption.
    const reference: number[] = [];
    await real({
      params: { lr: 0.02 },
      spec,
      trialNumber: 0,
      start: null,
      signal: new AbortController().signal,
      saveCheckpoint: async () => {},
      report: async (_step, metrics) => {
        reference.push(metrics["ndcg@10"]!);
        return "continue";
      },
    });

    const study = await store.createStudy(spec);
    const [trial] = await store.createTrials(study.id, [{ params: { lr: 0.02 } }]);
    const job = { trialId: trial!.id, studyId: study.id, attempt: 0 };

    // The victim freezes right after its report of epoch 2 was stored, as if the process had been killed.
    let thaw: (v: StepVerdict) => void = () => {};
    const freezing: Objective["run"] = (ctx) =>
      real({
        ...ctx,
        report: async (step, metrics) => {
          const verdict = await ctx.report(step, metrics);
          return step === 2 ? new Promise<StepVerdict>((resolve) => (thaw = resolve)) : verdict;
        },
      });
    const victim = new TrialRunner({
      lease: store,
      workerId: "victim",
      resolveObjective: () => ({ run: freezing }),
      logger: silent,
    });
    const victimRun = victim.run(job);
    for (let i = 0; i < 600 && (await store.reports(trial!.id)).size < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    // Its heartbeat stops: the reaper hands the trial back for a second attempt.
    expect((await store.reapStaleTrials(0)).map((t) => t.id)).toContain(trial!.id);

    const survivor = new TrialRunner({
      lease: store,
      workerId: "survivor",
      resolveObjective: createObjectiveResolver({ tf, cacheDir: "", dataRoots: [] }),
      logger: silent,
    });
    await survivor.run({ ...job, attempt: 1 });
    // The victim wakes up: its attempt no longer holds the trial, so nothing it does is recorded.
    thaw("continue");
    await victimRun;

    const done = await store.trial(study.id, 0);
    const reports = await sql.rows<{ step: number; attempt: number; value: number }>(
      "SELECT step, attempt, value FROM intermediate_values WHERE trial_id = $1 ORDER BY step",
      [trial!.id],
    );
    expect([done.state, done.attempt, done.workerId]).toEqual(["COMPLETE", 2, "survivor"]);
    expect(reports.map((r) => [r.step, r.attempt])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
    ]);
    // Resumed from epoch 2's weights and Adam state: epochs 3-4 are those of the run that never stopped.
    reports.forEach((r, i) => expect(r.value).toBeCloseTo(reference[i]!, 5));
    expect(done.values?.[0]).toBeCloseTo(reference[EPOCHS - 1]!, 5);
    // While it ran, only the latest two checkpoints were kept; once finished it keeps none (no reader is
    // left: a champion's weights are kept with the champion), so a long study's checkpoints stay bounded.
    const checkpoints = await Promise.all([1, 2, 3, 4].map((step) => store.loadCheckpoint(study.id, 0, step)));
    expect(checkpoints).toEqual([null, null, null, null]);
  });
});
