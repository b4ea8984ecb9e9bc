import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestListener } from "@rectune/api/app";
import { createQueueBackend, type QueueBackend } from "@rectune/queue";
import { createStore, leaderboardStatement, type Store } from "@rectune/store";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testQueuePrefix } from "./helpers/db.js";
import { completeTrials, sleepSpec } from "./helpers/lifecycle.js";

interface Board {
  study: number;
  direction: string;
  trials: { rank: number; number: number; value: number; createdAt: string; finishedAt: string }[];
}

describe("GET /v1/studies/:id/leaderboard (coalesced rounds, fast path, ETag)", () => {
  let store: Store;
  let queue: QueueBackend;
  let server: Server;
  let base: string;
  let studyId: number;
  let ids: number[];

  beforeAll(async () => {
    store = createStore(await createTestDatabase(), { poolSize: 4 });
    queue = createQueueBackend({ kind: "redis", url: "redis://127.0.0.1:6379", prefix: testQueuePrefix() });
    server = createServer(createRequestListener({ store, queue, logger: pino({ level: "silent" }) }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const study = await store.studies.create(sleepSpec(20, 20));
    studyId = study.id;
    const created = await store.trials.create(studyId, Array.from({ length: 12 }, (_, i) => ({ params: { x: i, lr: 0.01, opt: "adam" } })));
    ids = created.map((t) => t.id);
    // Trials 0..5 finish now (value number / 10); the others later in the test.
    await completeTrials(store, ids.slice(0, 6));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await queue.close();
    await store.close();
  });

  it("200 concurrent readers all get the stored order; the fast path and Express answer alike", async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => fetch(`${base}/v1/studies/${studyId}/leaderboard${i % 2 ? "?limit=3" : ""}`)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Board[];
    expect(bodies[0]?.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bodies[1]?.trials.map((t) => [t.rank, t.number, t.value])).toEqual([[1, 0, 0], [2, 1, 0.1], [3, 2, 0.2]]);
    // Timestamps read by plain SQL equal the ones Prisma reads.
    const stored = await store.trials.get(studyId, 0);
    expect([bodies[0]?.trials[0]?.createdAt, bodies[0]?.trials[0]?.finishedAt]).toEqual([stored.createdAt.toISOString(), stored.finishedAt?.toISOString()]);
    // `limit=3&` is not the fast path's shape: Express answers it, from the same responder.
    const viaExpress = (await (await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=3&`)).json()) as Board;
    expect(viaExpress).toEqual(bodies[1]);
  });

  it("answers 304 to a matching If-None-Match, and a new result changes the ETag at once", async () => {
    const first = await fetch(`${base}/v1/studies/${studyId}/leaderboard`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await fetch(`${base}/v1/studies/${studyId}/leaderboard`, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    // A result recorded before the request is in its answer: no stale cache.
    await completeTrials(store, ids.slice(6));
    const after = await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=20`, { headers: { "if-none-match": etag ?? "" } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as Board).trials).toHaveLength(12);
  });

  it("an unknown study is a 404 problem and a bad limit a 400 naming the field, as before", async () => {
    const missing = await fetch(`${base}/v1/studies/999999/leaderboard`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const bad = await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=5000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("query.limit");
  });

  it("reads the best trials from the leaderboard's partial index in its order (no sort of the study), in both directions", async () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const { text } = leaderboardStatement(direction);
      const plan = (await store.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${text}`, studyId, 10)).map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain(`Index Scan using trials_leaderboard_${direction === "minimize" ? "asc" : "desc"}_idx`);
      expect(plan).not.toMatch(/Sort/);
    }
  });
});
