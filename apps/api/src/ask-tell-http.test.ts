import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hashApiKey } from "@rectune/access";
import { parseStudySpec } from "@rectune/spec";
import { createMemoryStore, type Store } from "@rectune/store";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, sharedState } from "./app.js";
import { askTellFastPath } from "./ask-tell-http.js";
import type { EtagOf } from "./write-json.js";

/** Keys made from fixed material, so that both twins hold the same ones. */
const key = (id: string) => `rtk_${id}_${id.repeat(5)}abc`;
const KEYS = { writer: key("writer00"), reader: key("reader00"), stranger: key("strange0") };
const NOW = Date.parse("2026-01-02T03:04:05.678Z");

/** A store with two projects, a key of each kind, and an external study of the writer's project. */
async function seeded(): Promise<Store> {
  const store = createMemoryStore({ now: () => NOW });
  const mine = await store.createProject("mine");
  const theirs = await store.createProject("theirs");
  for (const [name, projectId, scopes] of [
    ["writer", mine.id, ["write"]],
    ["reader", mine.id, ["read"]],
    ["stranger", theirs.id, ["write"]],
  ] as const) {
    const whole = KEYS[name];
    await store.createApiKey({ name, prefix: whole.slice(0, 12), hash: hashApiKey(whole), projectId, scopes });
  }
  await store.createStudy(
    parseStudySpec({
      name: "twin",
      objective: { metric: "value", direction: "minimize" },
      target: { kind: "external" },
      space: { x: { type: "float", low: 0, high: 1 } },
      strategy: { sampler: "random", pruner: "median", maxTrials: 4 },
    }),
    { projectId: mine.id },
  );
  return store;
}

async function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Status, headers (but those of the connection and the clock) and body text. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A request's method, path, headers and raw body. */
type Call = readonly [path: string, body?: string, headers?: Record<string, string>];

/**
 * Twins: two identical stores (same keys, same study, same clock, same seed), one behind the ask/tell
 * fast path alone (whatever it leaves to Express answers 599), one behind Express alone. The same
 * requests in the same order must get the same answers, byte for byte.
 */
describe("the ask/tell fast path", () => {
  const servers: Server[] = [];
  let fast: string;
  let slow: string;
  const send = async (base: string, [path, body, headers = {}]: Call): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, { method: "POST", headers, ...(body === undefined ? {} : { body }) });
    const kept = [...res.headers].filter(([name]) => !["date", "connection", "keep-alive"].includes(name));
    return { status: res.status, headers: Object.fromEntries(kept), body: await res.text() };
  };
  /** The fast path's answer, after checking that Express alone gives the same. */
  const both = async (call: Call): Promise<Answer> => {
    const answers = [await send(fast, call), await send(slow, call)];
    expect([call, answers[0]]).toEqual([call, answers[1]]);
    return answers[0]!;
  };
  const json = (value: unknown, as = KEYS.writer) => ({
    body: JSON.stringify(value),
    headers: { "content-type": "application/json", authorization: `Bearer ${as}` },
  });
  const post = (path: string, value: unknown, as = KEYS.writer): Call => {
    const { body, headers } = json(value, as);
    return [path, body, headers];
  };

  beforeAll(async () => {
    const deps = async () => ({
      store: await seeded(),
      queue: { ping: async () => {} },
      logger: pino({ level: "silent" }),
      auth: "keys" as const,
      now: () => NOW,
    });
    const fastDeps = await deps();
    const fastPath = askTellFastPath({
      ...sharedState(fastDeps),
      logger: fastDeps.logger,
      etagOf: express().get("etag fn") as EtagOf,
    });
    const a = await listen((req, res) => {
      if (!fastPath(req, res)) res.writeHead(599).end();
    });
    const slowDeps = await deps();
    const b = await listen(createApp(slowDeps, sharedState(slowDeps)));
    servers.push(a.server, b.server);
    [fast, slow] = [a.url, b.url];
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("answers ask, report, heartbeat, tell and enqueue as Express does", async () => {
    const asked = await both(post("/v1/studies/1/trials:ask", { client: "twin" }));
    expect([asked.status, JSON.parse(asked.body)]).toEqual([
      201,
      expect.objectContaining({ trial: 1, number: 0, attempt: 1, leaseUntil: "2026-01-02T03:04:20.678Z" }),
    ]);
    expect(asked.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      etag: expect.stringMatching(/^W\/"/),
      vary: "Accept-Encoding",
    });
    const report = await both(post("/v1/trials/1/report", { attempt: 1, step: 1, metrics: { value: 0.5 } }));
    expect([report.status, JSON.parse(report.body).prune]).toEqual([200, false]);
    expect((await both(post("/v1/trials/1/heartbeat", { attempt: 1 }))).status).toBe(200);
    expect((await both(post("/v1/trials/1/tell", { attempt: 1, values: 0.4 }))).body).toBe(
      '{"trial":1,"state":"COMPLETE"}',
    );
    const enqueued = await both(post("/v1/studies/1/trials", { params: { x: 0.25 } }));
    expect([enqueued.status, enqueued.headers.location]).toEqual([201, "/v1/studies/1/trials/1"]);
    // An ask may come without a body; the enqueued trial goes first.
    const bare = await both(["/v1/studies/1/trials:ask", undefined, { authorization: `Bearer ${KEYS.writer}` }]);
    expect(JSON.parse(bare.body)).toMatchObject({ number: 1, params: { x: 0.25 } });
    expect((await both(post("/v1/trials/2/tell", { attempt: 1, state: "FAILED", error: "diverged" }))).status).toBe(
      200,
    );
    for (let i = 0; i < 2; i++) expect((await both(post("/v1/studies/1/trials:ask", {}))).status).toBe(201);
    const spent = await both(post("/v1/studies/1/trials:ask", {}));
    expect([spent.status, spent.headers["content-type"], JSON.parse(spent.body).type]).toEqual([
      409,
      "application/problem+json; charset=utf-8",
      "urn:rectune:problem:budget-spent",
    ]);
  });

  it("answers bad requests with Express's problem, naming the same field, in Express's order", async () => {
    const auth = { authorization: `Bearer ${KEYS.writer}` };
    const jsonType = { ...auth, "content-type": "application/json" };
    const cases: [Call, number, string | undefined][] = [
      [["/v1/studies/1/trials:ask", '{"client":', jsonType], 400, "body"],
      [["/v1/studies/1/trials:ask", '"just text"', jsonType], 400, "body"],
      [["/v1/studies/1/trials:ask", JSON.stringify({ client: "x".repeat(1_100_000) }), jsonType], 413, undefined],
      // The body is read and checked before the key: a malformed body without a key is 400, not 401.
      [["/v1/trials/3/report", '{"attempt":', { "content-type": "application/json" }], 400, "body"],
      [post("/v1/studies/1/trials:ask", { client: "a\u0000b" }), 400, "client"],
      [["/v1/studies/1/trials:ask", "{}", { "content-type": "application/json" }], 401, "authorization"],
      [post("/v1/studies/1/trials:ask", {}, "rtk_nobody00_nope"), 401, "authorization"],
      [post("/v1/studies/1/trials:ask", {}, KEYS.reader), 403, undefined],
      [post("/v1/studies/1/trials:ask", {}, KEYS.stranger), 404, undefined],
      [post("/v1/trials/3/report", { attempt: 1, step: 1, metrics: { value: 1 } }, KEYS.stranger), 409, undefined],
      [post("/v1/studies/0/trials:ask", {}), 400, "id"],
      [post("/v1/studies/2147483648/trials:ask", {}), 404, undefined],
      [post("/v1/trials/0/tell", { attempt: 1, values: 1 }), 400, "id"],
      [post("/v1/trials/99999999999/tell", { attempt: 1, values: 1 }), 404, undefined],
      [post("/v1/studies/1/trials:ask", { client: "c", extra: 1 }), 400, "body.extra"],
      [post("/v1/trials/3/report", { attempt: 1, step: -1, metrics: { value: 1 } }), 400, "body.step"],
      [post("/v1/trials/3/report", { attempt: 1, step: 1, metrics: { loss: 1 } }), 400, "metrics.value"],
      [post("/v1/trials/3/tell", { attempt: 1, values: [1, 2] }), 400, "values"],
      [post("/v1/trials/3/tell", { attempt: 9, values: 1 }), 409, undefined],
      [post("/v1/trials/3/heartbeat", {}), 400, "body.attempt"],
      [post("/v1/studies/1/trials", { params: { x: 2 } }), 400, "params.x"],
      [post("/v1/studies/7/trials", { params: { x: 0.5 } }), 404, undefined],
    ];
    for (const [call, status, field] of cases) {
      const answer = await both(call);
      const problem = JSON.parse(answer.body) as { field?: string; instance: string };
      expect([call[0], answer.status, problem.field, answer.headers["content-type"]]).toEqual([
        call[0],
        status,
        field,
        "application/problem+json; charset=utf-8",
      ]);
      expect(problem.instance).toBe(call[0]);
    }
    // A problem listing many fields is large: gzipped as Express gzips it.
    const metrics = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`m${i}`, "x"]));
    const large = await both(post("/v1/trials/3/report", { attempt: 1, step: 1, metrics }));
    expect([large.status, large.headers["content-encoding"], JSON.parse(large.body).errors.length]).toEqual([
      400,
      "gzip",
      2000,
    ]);
    expect(
      (await both(["/v1/studies/1/trials:ask", "{}", { "content-type": "application/json" }])).headers,
    ).toMatchObject({ "www-authenticate": 'Bearer realm="rectune"' });
  });

  it("leaves to Express what Express would route or parse differently", async () => {
    const { body, headers } = json({ attempt: 1, values: 1 });
    for (const call of [
      ["/v1/trials/3/tell/", body, headers],
      ["/v1/trials/3/tell?verbose=1", body, headers],
      ["/V1/trials/3/tell", body, headers],
      ["/v1/trials/%33/tell", body, headers],
      ["/v1/trials/3/tell", body, { ...headers, "content-type": "text/plain" }],
      ["/v1/trials/3/tell", body, { ...headers, "content-type": "application/json; charset=utf-16" }],
      ["/v1/trials/3/tell", "attempt: 1", { ...headers, "content-type": "application/yaml" }],
    ] as const satisfies readonly Call[])
      expect([call, (await send(fast, call)).status]).toEqual([call, 599]);
  });
});
