import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";

const valid = {
  name: "valid",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } },
  strategy: { sampler: "random", maxTrials: 10, parallelism: 2 },
};

const cases: { name: string; body: unknown; field: string }[] = [
  { name: "missing space", body: { ...valid, space: undefined }, field: "space" },
  { name: "low >= high", body: { ...valid, space: { x0: { type: "float", low: 3, high: 3 } } }, field: "space.x0.low" },
  {
    name: "log with low <= 0",
    body: { ...valid, space: { lr: { type: "float", low: 0, high: 1, log: true } } },
    field: "space.lr.low",
  },
  {
    name: "unknown sampler",
    body: { ...valid, strategy: { ...valid.strategy, sampler: "simulated-annealing" } },
    field: "strategy.sampler.name",
  },
  { name: "unknown target", body: { ...valid, target: { kind: "function", name: "ackley" } }, field: "target.name" },
  { name: "unknown target kind", body: { ...valid, target: { kind: "notebook" } }, field: "target.kind" },
  {
    name: "unknown metric",
    body: { ...valid, objective: { metric: "accuracy@x", direction: "minimize" } },
    field: "objective.metric",
  },
  {
    name: "maxTrials <= 0",
    body: { ...valid, strategy: { ...valid.strategy, maxTrials: 0 } },
    field: "strategy.maxTrials",
  },
  {
    name: "parallelism <= 0",
    body: { ...valid, strategy: { ...valid.strategy, parallelism: -1 } },
    field: "strategy.parallelism",
  },
  {
    name: "unknown pruner",
    body: { ...valid, strategy: { ...valid.strategy, pruner: "early-bird" } },
    field: "strategy.pruner.name",
  },
  {
    name: "pruner and its deprecated name scheduler both given",
    body: { ...valid, strategy: { ...valid.strategy, pruner: "median", scheduler: "median" } },
    field: "strategy.scheduler",
  },
  {
    name: "ASHA without a budget",
    body: { ...valid, strategy: { ...valid.strategy, pruner: "asha" } },
    field: "strategy.pruner.maxResource",
  },
  {
    name: "PBT on a target without checkpoints",
    body: { ...valid, strategy: { ...valid.strategy, pruner: "pbt" } },
    field: "strategy.pruner.name",
  },
  {
    name: "empty choices",
    body: { ...valid, space: { opt: { type: "categorical", choices: [] } } },
    field: "space.opt.choices",
  },
  {
    name: "condition on an unknown parameter",
    body: { ...valid, space: { x0: { type: "float", low: 0, high: 1, when: { model: ["mf"] } } } },
    field: "space.x0.when",
  },
];

describe("invalid study specs", () => {
  let cluster: TestCluster;
  const studyCount = async () => (await cluster.sql.one<{ n: number }>("SELECT count(*)::int AS n FROM studies")).n;

  beforeAll(async () => {
    cluster = await TestCluster.create();
    await cluster.startApi();
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it.each(cases)("$name: 400 problem+json naming $field, nothing stored", async ({ body, field }) => {
    const before = await studyCount();
    const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as {
      status: number;
      field: string;
      errors: { field: string }[];
      detail: string;
    };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(problem.detail).not.toMatch(/at .*\.ts:\d+/);
    expect(await studyCount()).toBe(before);
  });

  it("malformed JSON: 400 naming the body", async () => {
    const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name": "x",',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { field: string }).field).toBe("body");
  });

  it("a valid spec is stored (the cases above fail for their own reason)", async () => {
    const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    expect((await cluster.store.study(id)).name).toBe("valid");
  });

  it("the deprecated strategy.scheduler is stored as strategy.pruner, and the answer warns about it", async () => {
    const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...valid, strategy: { ...valid.strategy, scheduler: "median" } }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; warnings: { field: string; message: string }[] };
    expect(body.warnings).toEqual([{ field: "strategy.scheduler", message: expect.stringMatching(/^deprecated/) }]);
    const stored = (await cluster.store.study(body.id)).spec.strategy;
    expect([stored.pruner.name, "scheduler" in stored]).toEqual(["median", false]);
  });

  it("unknown ids are 404 problem+json and bad ids 400", async () => {
    const missing = await fetch(`${cluster.apiUrl}/v1/studies/999999`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const bad = await fetch(`${cluster.apiUrl}/v1/studies/abc/trials`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe("id");
    const badQuery = await fetch(`${cluster.apiUrl}/v1/studies/1/trials?limit=0`);
    expect(((await badQuery.json()) as { field: string }).field).toBe("query.limit");
  });
});
