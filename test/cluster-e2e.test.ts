import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  datasetLeaderboardSchema,
  modelDownloadSchema,
  problemSchema,
  recommendationsSchema,
  strategyReportSchema,
  studySummarySchema,
} from "@rectune/api-contract";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

const braninSpec = {
  name: "branin e2e",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } },
  strategy: { sampler: "random", maxTrials: 30, parallelism: 4, seed: 7 },
};

describe("a study runs end to end over HTTP with two worker processes", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.started([
      ["--concurrency", "2"],
      ["--concurrency", "2"],
    ]);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("completes 30 branin trials and serves a leaderboard that matches the trials table", async () => {
    const { id } = await cluster.submit(braninSpec);
    const study = await waitFor(
      async () => {
        const res = await fetch(`${cluster.apiUrl}/v1/studies/${id}`);
        const body = (await res.json()) as {
          status: string;
          counts: Record<string, number>;
          bestTrial: { values: number[] } | null;
        };
        return body.status === "COMPLETED" ? body : undefined;
      },
      60_000,
      "the study to complete",
    );
    expect(study.counts).toEqual({ WAITING: 0, RUNNING: 0, COMPLETE: 30, PRUNED: 0, FAILED: 0 });

    const trialsRes = await fetch(`${cluster.apiUrl}/v1/studies/${id}/trials?limit=100`);
    const { total, trials } = (await trialsRes.json()) as {
      total: number;
      trials: { number: number; values: number[]; params: Record<string, number> }[];
    };
    expect(total).toBe(30);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 30 }, (_, i) => i));

    // Both worker processes took part.
    const workers = new Set((await cluster.trials(id)).map((t) => t.workerId));
    expect(workers.size).toBe(2);
    // And the API lists both as registered.
    const listed = (await (await fetch(`${cluster.apiUrl}/v1/workers`)).json()) as { workers: { id: string }[] };
    expect(new Set(listed.workers.map((w) => w.id))).toEqual(workers);

    const boardRes = await fetch(`${cluster.apiUrl}/v1/studies/${id}/leaderboard?limit=30`);
    const board = (await boardRes.json()) as {
      metric: string;
      direction: string;
      trials: { rank: number; number: number; value: number; params: Record<string, number> }[];
    };
    expect(board.metric).toBe("value");
    expect(board.trials).toHaveLength(30);
    const values = board.trials.map((t) => t.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Every leaderboard row is the stored trial, with the branin value of its params.
    const byNumber = new Map(trials.map((t) => [t.number, t]));
    for (const row of board.trials) {
      const trial = byNumber.get(row.number);
      expect(trial?.values[0]).toBe(row.value);
      expect(row.params).toEqual(trial?.params);
    }
    expect(study.bestTrial?.values[0]).toBe(values[0]);
    expect(values[0]).toBeGreaterThanOrEqual(0.397887);
  });
});

describe("a recommender study runs end to end", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.started([["--concurrency", "2"]]);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("tunes MF on synthetic data: per-epoch reports, validation and test metrics, backend recorded", async () => {
    const { id } = await cluster.submit(
      syntheticRecommenderStudy({
        name: "mf synthetic",
        model: "mf",
        synthetic: { users: 80, items: 100, interactionsPerUser: 15, seed: 1 },
        fixed: { epochs: 2 },
        space: {
          lr: { type: "float", low: 0.005, high: 0.1, log: true },
          dim: { type: "categorical", choices: [8, 16] },
        },
        strategy: { maxTrials: 3, parallelism: 2, seed: 1 },
      }),
    );
    await waitFor(
      async () => (await cluster.store.study(id)).status === "COMPLETED",
      90_000,
      "the MF study to complete",
    );
    const trials = await cluster.trials(id);
    // With its error, so that a failed trial says why.
    expect(trials.map((t) => [t.state, t.error])).toEqual([
      ["COMPLETE", null],
      ["COMPLETE", null],
      ["COMPLETE", null],
    ]);
    for (const t of trials) {
      const metrics = t.metrics ?? {};
      expect(t.values?.[0]).toBe(metrics["ndcg@10"]);
      expect(metrics["test/ndcg@10"]).toBeGreaterThanOrEqual(0);
      expect([...(await cluster.store.reports(t.id)).keys()]).toEqual([1, 2]);
    }
    const [worker] = await cluster.store.workers();
    // No TensorFlow native here: the wasm backend with the project's kernels is the fastest available.
    expect(worker?.backend).toBe("wasm");
    // The budget spent, a worker refitted the best trial on train + validation and scored it on test.
    const best = trials.reduce((a, t) => (t.values![0]! > a.values![0]! ? t : a));
    const champion = await cluster.store.champion(id);
    expect(champion).toMatchObject({ trialNumber: best.number, state: "COMPLETE", hasWeights: true });
    expect(champion?.refit?.epochs).toBe(best.metrics?.bestEpoch);
    expect(champion?.testMetrics?.["ndcg@10"]).toBeGreaterThan(0);
  });

  it("selects the model family, refits the champion and serves its top-K by original ids", async () => {
    const { id } = await cluster.submit(
      syntheticRecommenderStudy({
        name: "families synthetic",
        model: ["pop", "ease", "mf"],
        synthetic: { users: 60, items: 80, interactionsPerUser: 15, seed: 2 },
        space: {
          lambda: { type: "float", low: 1, high: 100, log: true, when: { model: ["ease"] } },
          lr: { type: "float", low: 0.005, high: 0.05, log: true, when: { model: ["mf"] } },
        },
        strategy: { maxTrials: 6, parallelism: 2, seed: 2 },
      }),
    );
    await waitFor(async () => (await cluster.store.study(id)).status === "COMPLETED", 90_000, "the study to complete");
    const summary = studySummarySchema.parse(await (await fetch(`${cluster.apiUrl}/v1/studies/${id}`)).json());
    const trials = await cluster.trials(id);
    const best = trials.filter((t) => t.state === "COMPLETE").reduce((a, t) => (t.values![0]! > a.values![0]! ? t : a));
    expect(summary.champion).toMatchObject({ trial: best.number, params: best.params, state: "COMPLETE" });
    expect(trials.every((t) => ["pop", "ease", "mf"].includes(String(t.params.model)))).toBe(true);
    // auto's first trials went to the cheap families.
    expect(trials.slice(0, 2).map((t) => [t.params.model, t.strategy?.sampler])).toEqual([
      ["pop", "auto:cheap-first"],
      ["ease", "auto:cheap-first"],
    ]);
    const strategy = strategyReportSchema.parse(
      await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/strategy`)).json(),
    );
    expect(strategy.families?.reduce((n, f) => n + f.trials, 0)).toBe(6);

    const ask = (body: unknown, query = "") =>
      fetch(`${cluster.apiUrl}/v1/studies/${id}/recommendations${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const answer = recommendationsSchema.parse(await (await ask({ users: ["u3", "u7"], k: 5 })).json());
    expect(answer.trial).toBe(best.number);
    expect(answer.recommendations.map((r) => [r.user, r.items.length])).toEqual([
      ["u3", 5],
      ["u7", 5],
    ]);
    for (const r of answer.recommendations) {
      expect(r.items.every((i) => /^i\d+$/.test(i.item))).toBe(true);
      const scores = r.items.map((i) => i.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const unknown = await ask({ users: ["u3", "nobody"], k: 5 });
    expect(unknown.status).toBe(422);
    expect(problemSchema.parse(await unknown.json()).field).toBe("users.1");
    expect((await ask({ users: [], k: 5 })).status).toBe(400);
    const model = modelDownloadSchema.parse(await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/model`)).json());
    expect([model.trial, model.userIds.length, model.itemIds.length]).toEqual([best.number, 60, 80]);
    // The cross-study leaderboard of its data set (file content + preprocessing + split) lists it.
    const dataset = summary.champion!.refit!.dataset;
    const board = datasetLeaderboardSchema.parse(
      await (await fetch(`${cluster.apiUrl}/v1/leaderboards?dataset=${dataset}&metric=ndcg@10`)).json(),
    );
    expect(board.champions.map((c) => [c.study, c.test])).toContainEqual([
      id,
      summary.champion!.testMetrics!["ndcg@10"],
    ]);
    expect((await fetch(`${cluster.apiUrl}/v1/leaderboards?dataset=nope`)).status).toBe(400);
  });
});
