import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { completeTrials, contractSpec } from "@rectune/store/testing";

interface Board {
  study: number;
  direction: string;
  trials: { rank: number; number: number; value: number; createdAt: string; finishedAt: string }[];
}

/**
 * The leaderboard over HTTP, against the API process: the fast path and Express answer alike, ETags,
 * Cache-Control. (What the kept answers and shared rounds cost the store is @rectune/leaderboard's unit test.)
 */
describe("GET /v1/studies/:id/leaderboard (fast path, ETag, Cache-Control)", () => {
  let cluster: TestCluster;
  let base: string;
  let studyId: number;
  let ids: number[];

  beforeAll(async () => {
    cluster = await TestCluster.create();
    base = await cluster.startApi();
    const study = await cluster.store.createStudy(contractSpec({ maxTrials: 20 }));
    studyId = study.id;
    const created = await cluster.store.createTrials(
      studyId,
      Array.from({ length: 12 }, (_, i) => ({ params: { x: i, lr: 0.01, opt: "adam" } })),
    );
    ids = created.map((t) => t.id);
    // Trials 0..5 finish now (value number / 10); the others later in the test.
    await completeTrials(cluster.store, ids.slice(0, 6));
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("200 concurrent readers all get the stored order; the fast path and Express answer alike", async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/v1/studies/${studyId}/leaderboard${i % 2 ? "?limit=3" : ""}`),
      ),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Board[];
    expect(bodies[0]?.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bodies[1]?.trials.map((t) => [t.rank, t.number, t.value])).toEqual([
      [1, 0, 0],
      [2, 1, 0.1],
      [3, 2, 0.2],
    ]);
    // Timestamps read by plain SQL equal the ones Prisma reads.
    const stored = await cluster.store.trial(studyId, 0);
    expect([bodies[0]?.trials[0]?.createdAt, bodies[0]?.trials[0]?.finishedAt]).toEqual([
      stored.createdAt.toISOString(),
      stored.finishedAt?.toISOString(),
    ]);
    // `limit=3&` is not the fast path's shape: Express answers it, from the same responder.
    const viaExpress = (await (await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=3&`)).json()) as Board;
    expect(viaExpress).toEqual(bodies[1]);
  });

  it("answers 304 to a matching If-None-Match, and a new result changes the ETag at once", async () => {
    const first = await fetch(`${base}/v1/studies/${studyId}/leaderboard`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await fetch(`${base}/v1/studies/${studyId}/leaderboard`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    // With Cache-Control: no-cache, a result recorded before the request is in its answer, always.
    await completeTrials(cluster.store, ids.slice(6, 9));
    const after = await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=20`, {
      headers: { "if-none-match": etag ?? "", "cache-control": "no-cache" },
    });
    expect(after.status).toBe(200);
    expect(((await after.json()) as Board).trials).toHaveLength(9);
  });

  it("a completion reaches plain reads once its change is announced", async () => {
    const url = `${base}/v1/studies/${studyId}/leaderboard?limit=20`;
    const first = (await (await fetch(url)).json()) as Board;
    expect(first.trials).toHaveLength(9);
    await completeTrials(cluster.store, ids.slice(9));
    const deadline = Date.now() + 5_000;
    let board = first;
    while (board.trials.length < 12 && Date.now() < deadline) board = (await (await fetch(url)).json()) as Board;
    expect(board.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("an unknown study is a 404 problem and a bad limit a 400 naming the field, as before", async () => {
    const missing = await fetch(`${base}/v1/studies/999999/leaderboard`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const bad = await fetch(`${base}/v1/studies/${studyId}/leaderboard?limit=5000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("query.limit");
  });
});
