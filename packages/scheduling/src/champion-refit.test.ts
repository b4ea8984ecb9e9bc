import { announcedSchema, defineObjective } from "@rectune/objective-sdk";
import { InProcessTrialQueue, type TrialJob } from "@rectune/queue";
import { anyParams, type Objective, RefitRunner, TrialRunner } from "@rectune/runner";
import { parseStudySpec } from "@rectune/spec";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { createMemoryStore, type RefitLease, type Store } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { SchedulerLoop } from "./scheduler-loop.js";
import { silentLogger } from "./testing/fixtures.js";

const spec = parseStudySpec(
  syntheticRecommenderStudy({
    name: "family selection, refit",
    model: ["pop", "ease"],
    synthetic: { users: 20, items: 30 },
    space: { lambda: { type: "float", low: 1, high: 100, log: true, when: { model: ["ease"] } } },
    strategy: { sampler: { name: "random" }, maxTrials: 8, parallelism: 2, seed: 3 },
  }),
);

/** Validation NDCG@10 grows with EASE's lambda; Pop scores 0.1: the champion is the EASE trial with the largest lambda. */
const objective: Objective["run"] = async ({ params }) => ({
  metrics: { "ndcg@10": params.model === "ease" ? Number(params.lambda) / 10 : 0.05, bestEpoch: 1, "test/ndcg@10": 0 },
});

type Refit = NonNullable<Objective["refit"]>;

/** Runs study `id` to COMPLETED in this process: trials on `store`, the refit (the objective's) through `refitLease`. */
async function runToCompletion(store: Store, refitLease: RefitLease, refit: Refit, id: number): Promise<void> {
  const resolveObjective = (): Objective => ({ run: objective, refit });
  const runner = new TrialRunner({ lease: store, workerId: "w", resolveObjective, logger: silentLogger });
  const refits = new RefitRunner({ lease: refitLease, workerId: "w", resolveObjective, logger: silentLogger });
  const queue = new InProcessTrialQueue((job: TrialJob) => (job.refit ? refits.run(job) : runner.run(job)), 2);
  const loop = new SchedulerLoop({ ledger: store, queue, logger: silentLogger, tickMs: 1, staleAfterMs: 60_000 });
  for (let pass = 0; pass < 200 && (await store.study(id)).status !== "COMPLETED"; pass++) {
    await loop.pass();
    await queue.idle();
  }
}

describe("a recommender study's champion, in one process on the in-memory store", () => {
  it("refits the best trial by validation once the budget is spent (REFITTING), stores its test metrics and weights, then COMPLETED", async () => {
    const store = createMemoryStore();
    const refitted: unknown[] = [];
    const refit: Refit = async ({ params, bestStep }) => {
      refitted.push({ params, epochs: bestStep });
      expect((await store.study(study.id)).status).toBe("REFITTING");
      return { testMetrics: { "ndcg@10": 0.31 }, steps: bestStep ?? 1, weights: Uint8Array.from([7]), dataset: "d1" };
    };
    const study = await store.createStudy(spec);
    await runToCompletion(store, store, refit, study.id);
    const { trials } = await store.trialPage(study.id, { offset: 0, limit: 10 });
    const best = trials
      .filter((t) => t.params.model === "ease")
      .reduce((a, t) => (Number(t.params.lambda) > Number(a.params.lambda) ? t : a));
    // Pop trials carry no lambda: the family's conditional subspace.
    expect(trials.filter((t) => t.params.model === "pop").every((t) => !("lambda" in t.params))).toBe(true);
    expect(refitted).toEqual([{ params: best.params, epochs: 1 }]);
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    expect(await store.champion(study.id)).toMatchObject({
      trialNumber: best.number,
      state: "COMPLETE",
      testMetrics: { "ndcg@10": 0.31 },
      refit: { epochs: 1, workerId: "w", weightBytes: 1, dataset: "d1" },
      hasWeights: true,
    });
  });
  it("keeps a finished refit through a store outage: its fenced write is retried, never recorded FAILED", async () => {
    const store = createMemoryStore();
    const refit: Refit = async ({ bestStep }) => ({
      testMetrics: { "ndcg@10": 0.31 },
      steps: bestStep ?? 1,
      weights: Uint8Array.from([7]),
      dataset: "d1",
    });
    let failures = 0;
    // The refit's result fails twice with a dropped connection before going through.
    const flaky = {
      ...store,
      finishRefit: async (...args: Parameters<typeof store.finishRefit>) =>
        failures++ < 2 ? Promise.reject(new Error("Connection terminated unexpectedly")) : store.finishRefit(...args),
    };
    const study = await store.createStudy(spec);
    await runToCompletion(store, flaky, refit, study.id);
    expect(failures).toBe(3);
    expect(await store.champion(study.id)).toMatchObject({ state: "COMPLETE", testMetrics: { "ndcg@10": 0.31 } });
  });
});

describe("a module study's champion", () => {
  const moduleSpec = parseStudySpec({
    name: "module refit",
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: { kind: "module", name: "two-tower" },
    space: { model: { type: "categorical", choices: ["ease"] }, lambda: { type: "float", low: 1, high: 100 } },
    strategy: { sampler: { name: "random" }, maxTrials: 4, parallelism: 2, seed: 3 },
  });
  const refit: Refit = async ({ bestStep }) => ({
    testMetrics: { "ndcg@10": 0.2 },
    steps: bestStep ?? 1,
    weights: null,
    dataset: "d2",
  });
  /** The module as a worker loads it, with or without a refit (what it announces; the runners use `refit`). */
  const twoTower = (withRefit: boolean) =>
    defineObjective({
      name: "two-tower",
      params: anyParams,
      run: async () => ({}),
      ...(withRefit ? { refit: async () => ({ testMetrics: {}, steps: 1, weights: null, dataset: "d2" }) } : {}),
    });

  /** A store where worker "w" announced two-tower as `module` would be (with or without a refit). */
  async function storeWith(module: ReturnType<typeof twoTower>): Promise<Store> {
    const store = createMemoryStore();
    await store.registerWorker({
      id: "w",
      host: "h",
      pid: 1,
      backend: "wasm",
      concurrency: 2,
      objectives: { "two-tower": announcedSchema(module) },
    });
    return store;
  }

  it("is refitted when a live worker announced the module with a refit", async () => {
    const store = await storeWith(twoTower(true));
    const study = await store.createStudy(moduleSpec);
    await runToCompletion(store, store, refit, study.id);
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    expect(await store.champion(study.id)).toMatchObject({ state: "COMPLETE", testMetrics: { "ndcg@10": 0.2 } });
  });

  it("is not refitted when the module has none: the study completes at once", async () => {
    const store = await storeWith(twoTower(false));
    const study = await store.createStudy(moduleSpec);
    await runToCompletion(store, store, refit, study.id);
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    expect(await store.champion(study.id)).toBeNull();
  });
});
