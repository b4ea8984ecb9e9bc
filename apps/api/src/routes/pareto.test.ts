import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { paretoSchema } from "@rectune/api-contract";
import { parseStudySpec } from "@rectune/spec";
import { createMemoryStore } from "@rectune/store";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequestListener } from "../app.js";

describe("GET /v1/studies/:id/pareto (in process, memory store)", () => {
  const store = createMemoryStore();
  let server: Server;
  let base = "";

  beforeAll(async () => {
    server = createServer(
      createRequestListener({ store, queue: { ping: async () => {} }, logger: pino({ level: "silent" }), auth: "off" }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("ranks complete trials by non-dominated front, then crowding distance, for ndcg@10 (max) vs coverage@10 (max)", async () => {
    const study = await store.createStudy(
      parseStudySpec({
        name: "accuracy vs coverage",
        objective: [
          { metric: "ndcg@10", direction: "maximize" },
          { metric: "coverage@10", direction: "maximize" },
        ],
        target: { kind: "recommender", model: "mf", dataset: { synthetic: {} } },
        space: { lr: { type: "float", low: 0.001, high: 0.1 } },
        strategy: { maxTrials: 5 },
      }),
    );
    // (ndcg, coverage): three on the front (a trade-off), one behind the middle one, one behind everything.
    const values = [
      [0.3, 0.1],
      [0.2, 0.2],
      [0.1, 0.3],
      [0.15, 0.15],
      [0.05, 0.05],
    ];
    const created = await store.createTrials(
      study.id,
      values.map((_, i) => ({ params: { lr: 0.01 * (i + 1) } })),
    );
    for (const [i, t] of created.entries()) {
      const held = await store.claim(t.id, "w");
      await store.finish(t.id, held!.attempt, { state: "COMPLETE", values: values[i]! });
    }
    const res = await fetch(`${base}/v1/studies/${study.id}/pareto`);
    const body = paretoSchema.parse(await res.json());
    expect([...body.front].sort()).toEqual([0, 1, 2]);
    expect(body.trials.map((t) => [t.number, t.rank])).toEqual([
      [0, 0],
      [2, 0],
      [1, 0],
      [3, 1],
      [4, 2],
    ]);
    // The front's ends are infinitely far from their neighbours; its middle is not.
    expect(body.trials.slice(0, 3).map((t) => t.crowding)).toEqual([null, null, 2]);
    expect((await fetch(`${base}/v1/studies/99999/pareto`)).status).toBe(404);
  });

  it("refuses a cross-study leaderboard query without a data set fingerprint, naming the field", async () => {
    const res = await fetch(`${base}/v1/leaderboards?dataset=nope`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("query.dataset");
    const empty = await fetch(`${base}/v1/leaderboards?dataset=0123456789abcdef&metric=ndcg@10`);
    expect(await empty.json()).toEqual({ dataset: "0123456789abcdef", metric: "ndcg@10", champions: [] });
  });
});
