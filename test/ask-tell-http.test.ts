import {
  askedTrialSchema,
  enqueuedTrialSchema,
  problemSchema,
  reportResponseSchema,
  studySchema,
  tellResponseSchema,
} from "@rectune/api-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor } from "./helpers/api-key.js";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

const spec = (maxTrials: number) => ({
  name: "ask-tell-http",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target: { kind: "external", name: "test-client" },
  space: { lr: { type: "float", low: 0.001, high: 0.1, log: true }, dim: { type: "int", low: 8, high: 64 } },
  strategy: { sampler: "random", pruner: "none", maxTrials, parallelism: 3 },
});

/** Ask/tell over HTTP against the API and scheduler processes: leases, the reaper, problem answers. */
describe("ask/tell over HTTP", () => {
  let cluster: TestCluster;
  let base: string;

  const post = async (path: string, body: unknown, method = "POST") => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    // No workers: clients run the trials. A short lease (stale window): a lost client's trial comes back soon.
    cluster = await TestCluster.started([], { RECTUNE_STALE_AFTER_MS: "1500" });
    base = cluster.apiUrl;
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("asks, reports and tells under a lease; the scheduler creates nothing and completes the study at its budget", async () => {
    const { id } = await cluster.submit(spec(2));
    const asked = await post(`/v1/studies/${id}/trials:ask`, { client: "test-1" });
    expect(asked.status).toBe(201);
    const trial = askedTrialSchema.parse(asked.body);
    expect([trial.number, trial.attempt]).toEqual([0, 1]);
    expect(Date.parse(trial.leaseUntil) - Date.now()).toBeGreaterThan(500);
    const report = await post(`/v1/trials/${trial.trial}/report`, {
      attempt: 1,
      step: 1,
      metrics: { "ndcg@10": 0.2, loss: 0.7 },
    });
    expect(reportResponseSchema.parse(report.body)).toMatchObject({ prune: false, reason: null });
    const told = await post(`/v1/trials/${trial.trial}/tell`, {
      attempt: 1,
      values: 0.21,
      metrics: { "test/ndcg@10": 0.2 },
    });
    expect(tellResponseSchema.parse(told.body)).toEqual({ trial: trial.trial, state: "COMPLETE" });
    // The scheduler left the study to its clients: one trial, the one asked for.
    expect((await cluster.trials(id)).map((t) => [t.number, t.state, t.workerId, t.values])).toEqual([
      [0, "COMPLETE", "test-1", [0.21]],
    ]);
    const second = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, {})).body);
    const spent = await post(`/v1/studies/${id}/trials:ask`, {});
    expect([spent.status, spent.type]).toEqual([409, "application/problem+json; charset=utf-8"]);
    expect(problemSchema.parse(spent.body).type).toBe("urn:rectune:problem:budget-spent");
    await post(`/v1/trials/${second.trial}/tell`, { attempt: second.attempt, state: "FAILED", error: "diverged" });
    await cluster.waitForStatus(id, "COMPLETED", 10_000);
  });

  it("answers bad input with problem+json naming the field, and a lost lease with 409", async () => {
    const { id } = await cluster.submit(spec(5));
    const trial = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, {})).body);
    const missing = await post(`/v1/trials/${trial.trial}/report`, { attempt: 1, step: 1, metrics: { loss: 1 } });
    expect([missing.status, problemSchema.parse(missing.body).field]).toEqual([400, "metrics.ndcg@10"]);
    const badBody = await post(`/v1/trials/${trial.trial}/report`, { attempt: 1, step: "one", metrics: {} });
    expect([badBody.status, problemSchema.parse(badBody.body).field]).toEqual([400, "body.step"]);
    const wrongAttempt = await post(`/v1/trials/${trial.trial}/tell`, { attempt: 2, values: [0.1] });
    expect([wrongAttempt.status, problemSchema.parse(wrongAttempt.body).type]).toEqual([
      409,
      "urn:rectune:problem:lease-lost",
    ]);
    const tooMany = await post(`/v1/trials/${trial.trial}/tell`, { attempt: 1, values: [0.1, 0.2] });
    expect([tooMany.status, problemSchema.parse(tooMany.body).field]).toEqual([400, "values"]);
    const outside = await post(`/v1/studies/${id}/trials`, { params: { lr: 3, dim: 16 } });
    expect([outside.status, problemSchema.parse(outside.body).field]).toEqual([400, "params.lr"]);
    // Nothing was recorded by the refused requests.
    expect((await cluster.trials(id)).map((t) => [t.state, t.lastStep])).toEqual([["RUNNING", null]]);
    const worker = await cluster.submit({
      ...spec(1),
      target: { kind: "function", name: "branin" },
      objective: { metric: "value", direction: "minimize" },
      space: { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } },
    });
    const refused = await post(`/v1/studies/${worker.id}/trials:ask`, {});
    expect([refused.status, problemSchema.parse(refused.body).type]).toEqual([409, "urn:rectune:problem:not-askable"]);
  });

  it("puts a silent client's trial back after its lease; the next ask gets it under attempt 2; enqueued trials go first", async () => {
    const { id } = await cluster.submit(spec(3));
    const lost = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, { client: "killed" })).body);
    const enqueued = enqueuedTrialSchema.parse(
      (await post(`/v1/studies/${id}/trials`, { params: { lr: 0.01, dim: 32 } })).body,
    );
    expect([enqueued.number, enqueued.state]).toEqual([1, "WAITING"]);
    const next = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, {})).body);
    expect([next.trial, next.params]).toEqual([enqueued.trial, { lr: 0.01, dim: 32 }]);
    // No report: the reaper (stale window 1.5 s, every 2 s) puts the trial back.
    await waitFor(async () => (await cluster.store.trial(id, 0)).state === "WAITING", 15_000, "the lost trial back");
    const again = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, { client: "rescuer" })).body);
    expect([again.trial, again.number, again.attempt, again.params]).toEqual([lost.trial, 0, 2, lost.params]);
    const late = await post(`/v1/trials/${lost.trial}/tell`, { attempt: 1, values: [0.9] });
    expect(late.status).toBe(409);
    expect((await post(`/v1/trials/${again.trial}/tell`, { attempt: 2, values: [0.3] })).status).toBe(200);
  });

  it("extends a study's budget with PATCH: a completed study runs again", async () => {
    const { id } = await cluster.submit(spec(1));
    const only = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, {})).body);
    await post(`/v1/trials/${only.trial}/tell`, { attempt: 1, values: [0.5] });
    await cluster.waitForStatus(id, "COMPLETED", 10_000);
    const lower = await post(`/v1/studies/${id}`, { maxTrials: 0 }, "PATCH");
    expect([lower.status, problemSchema.parse(lower.body).field]).toEqual([400, "body.maxTrials"]);
    const patched = await post(`/v1/studies/${id}`, { maxTrials: 2 }, "PATCH");
    expect(studySchema.parse(patched.body).status).toBe("RUNNING");
    const more = askedTrialSchema.parse((await post(`/v1/studies/${id}/trials:ask`, {})).body);
    expect(more.number).toBe(1);
  });
});

/** With API keys: a client of another project cannot ask, report or tell on a study that is not its. */
describe("ask/tell behind API keys", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.create({ RECTUNE_AUTH: "keys" });
    await cluster.startApi();
    await cluster.store.createProject("team-a");
    await cluster.store.createProject("team-b");
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("lets a key of the study's project run its trials; another project's key gets 404 (its trials read as unknown) and changes nothing", async () => {
    const mine = await apiKeyFor(cluster.apiUrl, { scopes: ["write"], project: "team-a" });
    const theirs = await apiKeyFor(cluster.apiUrl, { scopes: ["write"], project: "team-b" });
    const post = async (key: string | undefined, path: string, body: unknown) => {
      const res = await fetch(`${cluster.apiUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const study = await post(mine, "/v1/studies", spec(2));
    expect(study.status).toBe(201);
    const id = study.body.id as number;
    expect((await post(undefined, `/v1/studies/${id}/trials:ask`, {})).status).toBe(401);
    expect((await post(theirs, `/v1/studies/${id}/trials:ask`, {})).status).toBe(404);
    const trial = askedTrialSchema.parse((await post(mine, `/v1/studies/${id}/trials:ask`, {})).body);
    const report = { attempt: 1, step: 1, metrics: { "ndcg@10": 0.3 } };
    // Another project's trial answers as an unknown trial does: the same status, nothing about its study.
    const unknown = await post(theirs, `/v1/trials/2147483000/report`, report);
    for (const answer of [
      await post(theirs, `/v1/trials/${trial.trial}/report`, report),
      await post(theirs, `/v1/trials/${trial.trial}/tell`, { attempt: 1, values: [0.9] }),
      unknown,
    ]) {
      expect([answer.status, answer.body.title]).toEqual([409, "Lease lost"]);
      expect(String(answer.body.detail)).not.toMatch(/study/);
    }
    expect((await cluster.trials(id)).map((t) => [t.state, t.lastStep])).toEqual([["RUNNING", null]]);
    expect((await post(mine, `/v1/trials/${trial.trial}/report`, report)).status).toBe(200);
    expect((await post(mine, `/v1/trials/${trial.trial}/tell`, { attempt: 1, values: [0.3] })).status).toBe(200);
  });
});
