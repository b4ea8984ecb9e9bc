import { clipParams } from "@rectune/search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

const space = { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } } as const;
const spec = (name: string, strategy: Record<string, unknown>, sp: Record<string, unknown> = space) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: sp,
  strategy,
});

interface StrategyBody {
  sampler: { name: string };
  trials: number;
  decisions: {
    trial: number;
    kind: string;
    from: string | null;
    to: string;
    reason: string;
    shares: Record<string, number>;
  }[];
  samplers: { sampler: string; trials: number; share: number; improvements: number; contribution: number }[];
}
interface TrialBody {
  number: number;
  params: Record<string, number>;
  values: number[];
  strategy: { sampler: string; source?: { studyId: number; trial: number } };
}

describe("the auto strategy in the cluster", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.started([["--concurrency", "3"]]);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  const completed = (id: number) =>
    waitFor(
      async () => {
        const body = (await (await fetch(`${cluster.apiUrl}/v1/studies/${id}`)).json()) as { status: string };
        return body.status === "COMPLETED" ? body : undefined;
      },
      90_000,
      `study ${id} to complete`,
    );
  const trialsOf = async (id: number): Promise<TrialBody[]> =>
    ((await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/trials?limit=100`)).json()) as { trials: TrialBody[] })
      .trials;

  let firstId = 0;

  it("is the default; every trial records the candidate that proposed it and the API serves the decision log", async () => {
    const { id } = await cluster.submit(spec("branin auto", { maxTrials: 20, parallelism: 3, seed: 11 }));
    firstId = id;
    await completed(id);
    const trials = await trialsOf(id);
    expect(trials).toHaveLength(20);
    expect(trials.every((t) => /^auto:(qmc|gp|cmaes|tpe)$/.test(t.strategy.sampler))).toBe(true);
    expect(trials.slice(0, 5).every((t) => t.strategy.sampler === "auto:qmc")).toBe(true);

    const res = await fetch(`${cluster.apiUrl}/v1/studies/${id}/strategy`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as StrategyBody;
    expect(body.sampler.name).toBe("auto");
    expect(body.trials).toBe(20);
    expect(body.decisions[0]).toMatchObject({ trial: 0, kind: "plan", to: "qmc" });
    expect(body.decisions[0]!.reason).toMatch(/continuous parameters.*GP/);
    const bandit = body.decisions.find((d) => d.kind === "bandit");
    expect(bandit).toMatchObject({ from: "qmc", to: "gp" });
    expect(bandit!.trial).toBeGreaterThanOrEqual(5);
    // The stored log matches the sampler's decisions exactly once each, whatever the scheduler's batching.
    expect((await cluster.store.decisions(id)).length).toBe(body.decisions.length);
    expect(body.samplers.reduce((s, x) => s + x.trials, 0)).toBe(20);
    expect(body.samplers.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 9);
    expect(body.samplers.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(1, 9);

    const board = (await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/leaderboard?limit=3`)).json()) as {
      trials: TrialBody[];
    };
    expect(board.trials[0]!.strategy.sampler).toMatch(/^auto:/);
  });

  it("warm-starts a study on the same target with the top-k configurations of the finished one, clipped", async () => {
    const narrow = { x0: { type: "float", low: -2, high: 10 }, x1: { type: "float", low: 0, high: 15 } } as const;
    const { id } = await cluster.submit(
      spec("branin warm", { maxTrials: 6, parallelism: 2, seed: 12, warmStart: { from: "auto", topK: 3 } }, narrow),
    );
    await completed(id);
    const source = (await trialsOf(firstId)).sort((a, b) => a.values[0]! - b.values[0]! || a.number - b.number);
    const trials = await trialsOf(id);
    expect(trials.slice(0, 3).map((t) => t.strategy.sampler)).toEqual(["warm-start", "warm-start", "warm-start"]);
    expect(trials.slice(0, 3).map((t) => t.strategy.source)).toEqual(
      source.slice(0, 3).map((t) => ({ studyId: firstId, trial: t.number, value: t.values[0] })),
    );
    expect(trials.slice(0, 3).map((t) => t.params)).toEqual(
      source.slice(0, 3).map((t) => clipParams(narrow, t.params)),
    );
    expect(trials.slice(3).every((t) => t.strategy.sampler.startsWith("auto:"))).toBe(true);

    const body = (await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/strategy`)).json()) as StrategyBody;
    expect(body.decisions[0]).toMatchObject({ trial: 0, kind: "warm-start" });
    expect(body.samplers.find((s) => s.sampler === "warm-start")?.trials).toBe(3);
  });

  it("answers 404 for an unknown study", async () => {
    expect((await fetch(`${cluster.apiUrl}/v1/studies/999999/strategy`)).status).toBe(404);
  });
});
