import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  curvesSchema,
  importanceSchema,
  type LiveEvent,
  liveEventSchema,
  problemSchema,
  studyListSchema,
  studySchema,
  trialDetailSchema,
  trialTableSchema,
  workersSchema,
} from "@rectune/api-contract";
import { parseStudySpec } from "@rectune/spec";
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { completeOneTrial, recommenderSpec, seedStudy } from "./helpers/seed-study.js";

/** Reads a server-sent-event stream until `done` holds for the events seen, or fails after 10 s. */
async function streamUntil(
  url: string,
  done: (events: LiveEvent[]) => boolean,
  act: () => Promise<void>,
): Promise<LiveEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  const events: LiveEvent[] = [];
  const res = await fetch(url, { headers: { accept: "text/event-stream" }, signal: abort.signal });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const parser = createParser({ onEvent: (m) => events.push(liveEventSchema.parse(JSON.parse(m.data))) });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let acted = false;
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      parser.feed(value);
      // The first event says the feed is live: only then is a change certain to be delivered.
      if (!acted && events.some((e) => e.type === "feed" && e.live)) {
        acted = true;
        await act();
      }
      if (acted && done(events)) return events;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  throw new Error(`stream ended; events ${JSON.stringify(events).slice(0, 500)}`);
}

describe("the dashboard's API routes", () => {
  let cluster: TestCluster;
  let emptyDir: string;
  let finished: { id: number };
  let running: { id: number };
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${cluster.apiUrl}${path}`, init);
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.text()) as string };
  };
  const json = async (path: string) => {
    const res = await get(path);
    expect(res.status, res.body).toBe(200);
    return JSON.parse(res.body) as unknown;
  };

  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), "rectune-no-dashboard-"));
    cluster = await TestCluster.create({ RECTUNE_DASHBOARD_DIR: emptyDir });
    await cluster.startApi();
    finished = await seedStudy(cluster.store, cluster.sql, { name: "MF MovieLens", trials: 40, steps: 9, seed: 11 });
    running = await seedStudy(cluster.store, cluster.sql, {
      name: "mf running",
      trials: 4,
      steps: 9,
      room: 10,
      seed: 12,
    });
  });

  afterAll(async () => {
    await cluster?.close();
    await rm(emptyDir, { recursive: true, force: true });
  });

  it("serves a study's trials as columns that match the stored trials", async () => {
    const table = trialTableSchema.parse(await json(`/v1/studies/${finished.id}/table`));
    expect(table.number).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Object.keys(table.params).sort()).toEqual(["dim", "l2", "lr", "negatives", "optimizer"]);
    const detail = trialDetailSchema.parse(await json(`/v1/studies/${finished.id}/trials/7`));
    expect(table.state[7]).toBe(detail.trial.state);
    expect(table.values[0]![7]).toBe(detail.trial.values?.[0] ?? null);
    expect(table.params.lr![7]).toBe(detail.trial.params.lr);
    expect(table.metrics["test/ndcg@10"]![7]).toBe(detail.trial.metrics?.["test/ndcg@10"] ?? null);
    expect(table.sampler.slice(0, 10).every((s) => s === "auto:qmc")).toBe(true);
    expect(table.pareto).toEqual([]);
  });

  it("marks the Pareto front of a multi-objective study's completed trials", async () => {
    const spec = parseStudySpec({
      ...recommenderSpec("two objectives", 6, 3),
      objective: [
        { metric: "ndcg@10", direction: "maximize" },
        { metric: "coverage@10", direction: "maximize" },
      ],
    });
    const study = await cluster.store.createStudy(spec);
    // (accuracy, diversity): 0, 1 and 3 trade one for the other; 2 and 4 are dominated by 1; 5 fails.
    const points = [
      [0.3, 0.1],
      [0.25, 0.4],
      [0.2, 0.3],
      [0.1, 0.9],
      [0.25, 0.39],
    ];
    const created = await cluster.store.createTrials(
      study.id,
      points.concat([[0, 0]]).map(() => ({ params: { lr: 0.01, dim: 8, l2: 1e-5, optimizer: "adam", negatives: 1 } })),
    );
    for (const [i, t] of created.entries()) {
      const claimed = await cluster.store.claim(t.id, "w");
      const values = points[i];
      await cluster.store.finish(
        t.id,
        claimed!.attempt,
        values ? { state: "COMPLETE", values } : { state: "FAILED", error: "x" },
      );
    }
    const table = trialTableSchema.parse(await json(`/v1/studies/${study.id}/table`));
    expect(table.objectives).toEqual(["ndcg@10", "coverage@10"]);
    expect(table.values[1]).toEqual([0.1, 0.4, 0.3, 0.9, 0.39, null]);
    expect(table.pareto).toEqual([0, 1, 3]);
  });

  it("rates the learning rate, on which the seeded objective mostly depends, the most important", async () => {
    const importance = importanceSchema.parse(await json(`/v1/studies/${finished.id}/importance`));
    const table = trialTableSchema.parse(await json(`/v1/studies/${finished.id}/table`));
    expect(importance.completed).toBe(table.state.filter((s) => s === "COMPLETE").length);
    expect(importance.params[0]?.name).toBe("lr");
    expect(importance.params.reduce((s, p) => s + p.importance, 0)).toBeCloseTo(1, 6);
    const bad = await get(`/v1/studies/${finished.id}/importance?objective=3`);
    expect([bad.status, problemSchema.parse(JSON.parse(bad.body)).field]).toEqual([400, "query.objective"]);
  });

  it("serves learning curves selected and downsampled, pruned ones ending at their last step", async () => {
    const all = curvesSchema.parse(await json(`/v1/studies/${finished.id}/curves`));
    const table = trialTableSchema.parse(await json(`/v1/studies/${finished.id}/table`));
    expect(all.trials).toBe(40);
    expect(all.curves).toHaveLength(40);
    const pruned = all.curves.find((c) => c.state === "PRUNED");
    expect(pruned?.lastStep).toBe(3);
    expect(pruned?.points.at(-1)?.[0]).toBe(3);
    const complete = all.curves.find((c) => c.state === "COMPLETE")!;
    expect(complete.points.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.bands.find((b) => b.step === 1)?.count).toBe(40);
    const some = curvesSchema.parse(await json(`/v1/studies/${finished.id}/curves?curves=5&points=4&include=39`));
    expect(some.curves).toHaveLength(5);
    expect(some.curves.map((c) => c.number)).toContain(39);
    expect(some.curves.every((c) => c.points.length <= 4)).toBe(true);
    // Half the budget goes to the best completed trials: the best one is drawn.
    const values = table.values[0]!.map((v, i) => ({ v, i, s: table.state[i] }));
    const best = values.filter((x) => x.s === "COMPLETE").sort((a, b) => b.v! - a.v!)[0]!;
    expect(some.curves.map((c) => c.number)).toContain(best.i);
    expect((await get(`/v1/studies/${finished.id}/curves?include=x`)).status).toBe(400);
  });

  it("serves one trial with its steps and worker, and 404 for one that does not exist", async () => {
    const detail = trialDetailSchema.parse(await json(`/v1/studies/${finished.id}/trials/0`));
    expect(detail.steps.length).toBe(detail.trial.lastStep ?? 0);
    expect(detail.worker?.host).toBe("gpu-node-1");
    const missing = await get(`/v1/studies/${finished.id}/trials/4000`);
    expect([missing.status, missing.type]).toEqual([404, "application/problem+json; charset=utf-8"]);
    const workers = workersSchema.parse(await json("/v1/workers"));
    expect(workers.workers.map((w) => w.host)).toEqual(["gpu-node-1", "gpu-node-1"]);
    expect(workers.workers.every((w) => w.live && w.running.length === 0)).toBe(true);
  });

  it("lists studies with their progress and best value, searched by name", async () => {
    const list = studyListSchema.parse(await json("/v1/studies?name=movielens"));
    expect(list.studies.map((s) => s.id)).toEqual([finished.id]);
    const [study] = list.studies;
    const table = trialTableSchema.parse(await json(`/v1/studies/${finished.id}/table`));
    const complete = table.values[0]!.filter((v, i) => table.state[i] === "COMPLETE") as number[];
    expect(study!.progress).toEqual({
      counts: {
        WAITING: 0,
        RUNNING: 0,
        COMPLETE: complete.length,
        PRUNED: table.state.filter((s) => s === "PRUNED").length,
        FAILED: table.state.filter((s) => s === "FAILED").length,
      },
      finished: 40,
      maxTrials: 40,
      bestValue: Math.max(...complete),
    });
  });

  it("stops and resumes a study: the trials the stop kept from starting wait again", async () => {
    const created = await cluster.store.createTrials(running.id, [
      { params: { lr: 0.01, dim: 8, l2: 1e-5, optimizer: "sgd", negatives: 1 } },
    ]);
    const stop = await fetch(`${cluster.apiUrl}/v1/studies/${running.id}/stop`, { method: "POST" });
    expect(studySchema.parse(await stop.json()).status).toBe("STOPPED");
    const stopped = trialDetailSchema.parse(await json(`/v1/studies/${running.id}/trials/${created[0]!.number}`));
    expect(stopped.trial.state).toBe("FAILED");
    const resume = await fetch(`${cluster.apiUrl}/v1/studies/${running.id}/resume`, { method: "POST" });
    expect(studySchema.parse(await resume.json())).toMatchObject({ status: "RUNNING", completedAt: null });
    const again = trialDetailSchema.parse(await json(`/v1/studies/${running.id}/trials/${created[0]!.number}`));
    expect([again.trial.state, again.trial.error]).toEqual(["WAITING", null]);
    const twice = await fetch(`${cluster.apiUrl}/v1/studies/${running.id}/resume`, { method: "POST" });
    expect([twice.status, problemSchema.parse(await twice.json()).detail]).toEqual([
      409,
      `study ${running.id} is RUNNING, not STOPPED`,
    ]);
    expect((await fetch(`${cluster.apiUrl}/v1/studies/999999/resume`, { method: "POST" })).status).toBe(404);
  });

  it("takes a YAML spec and names the line of each field error", async () => {
    const text =
      "name: y\nobjective: { metric: value, direction: minimize }\ntarget: { kind: function, name: sleep }\nspace:\n  x: { type: float, low: 1, high: 0 }\nstrategy: { maxTrials: 0 }\n";
    const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: text,
    });
    const problem = problemSchema.parse(await res.json());
    expect([res.status, problem.errors]).toEqual([
      400,
      [
        { field: "space.x.low", message: "low (1) must be < high (0)", line: 5 },
        { field: "strategy.maxTrials", message: "Too small: expected number to be >0", line: 6 },
      ],
    ]);
    const ok = await fetch(`${cluster.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: text.replace("low: 1, high: 0", "low: 0, high: 1").replace("maxTrials: 0", "maxTrials: 3"),
    });
    expect(ok.status).toBe(201);
  });

  it("streams a study's trial changes and every study's progress as server-sent events", async () => {
    const events = await streamUntil(
      `${cluster.apiUrl}/v1/events?study=${running.id}`,
      (seen) => seen.some((e) => e.type === "trial" && e.trial.state === "COMPLETE"),
      async () => {
        await completeOneTrial(cluster.store, running.id, 0.4);
      },
    );
    const states = events.flatMap((e) => (e.type === "trial" ? [e.trial.state] : []));
    // Created, claimed, finished: each state change is an event (two may share a round when they come fast).
    expect(states.at(-1)).toBe("COMPLETE");
    expect(events.filter((e) => e.type === "trial").every((e) => e.studyId === running.id)).toBe(true);
    const list = await streamUntil(
      `${cluster.apiUrl}/v1/events`,
      (seen) => seen.some((e) => e.type === "study" && e.studyId === finished.id && e.status === "STOPPED"),
      async () => {
        // A finished study changes status only by hand: stop it in SQL, as an operator might.
        await cluster.sql.rows("UPDATE studies SET status = 'STOPPED' WHERE id = $1::int", [finished.id]);
      },
    );
    expect(list.some((e) => e.type === "trial")).toBe(false);
  });

  it("says the dashboard is not built, and keeps the API's own 404s, when its folder is empty", async () => {
    expect(JSON.parse((await get("/healthz")).body)).toEqual({ status: "ok", dashboard: "not built" });
    const root = await get("/", { headers: { accept: "text/html" } });
    expect([root.status, root.body]).toEqual([
      404,
      "The dashboard is not built: run `npm run build -w @rectune/dashboard`, then restart the API.\n",
    ]);
    const api = await get("/v1/nothing", { headers: { accept: "text/html" } });
    expect([api.status, api.type]).toEqual([404, "application/problem+json; charset=utf-8"]);
  });
});
