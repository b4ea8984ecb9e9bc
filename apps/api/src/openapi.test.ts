import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { apiRoutes, openApiDocument, type RouteSpec } from "@rectune/api-contract";
import { createMemoryStore, type Store } from "@rectune/store";
import type { Express } from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, createRequestListener } from "./app.js";

// Keys are another file's subject (auth off, as on a loopback host): every route is reached here.
const deps = (store: Store) => ({
  store,
  queue: { ping: async () => {} },
  logger: pino({ level: "silent" }),
  auth: "off" as const,
  // The queues' backlog: with it the API also serves /v1/capacity and /metrics.
  backlog: async () => ({ gpu: 0, cpu: 0, any: 0 }),
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string;
  slash?: boolean;
}

/** Every (method, path) Express routes, in OpenAPI's template form: `:id` -> `{id}`, the escaped `\:` literal. */
function expressRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path === "/" && prefix ? "" : layer.route.path}`;
        for (const method of Object.keys(layer.route.methods))
          out.push(`${method} ${path.replace(/(?<!\\):(\w+)/g, "{$1}").replace(/\\:/g, ":")}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, layer.slash || typeof layer.rawPath !== "string" ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return out.sort();
}

const SPEC = {
  name: "openapi",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target: { kind: "external" },
  space: { lr: { type: "float", low: 0.001, high: 0.1 } },
  strategy: { sampler: "random", pruner: "none", maxTrials: 5 },
};

describe("the OpenAPI document", () => {
  let store: Store;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    store = createMemoryStore();
    server = createServer(createRequestListener(deps(store)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it("documents every route Express serves, and serves every documented route", () => {
    const documented = Object.values(apiRoutes as Record<string, RouteSpec>)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const served = expressRoutes(createApp(deps(store))).filter((r) => !/ \/(openapi\.json|docs|metrics)$/.test(r));
    expect(served).toEqual(documented);
  });

  it("is OpenAPI 3.1 with an operation, a success and a problem answer for each route", async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as ReturnType<typeof openApiDocument>;
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId: string; responses: object }>>)
      .flatMap((p) => Object.values(p))
      .map((o) => [o.operationId, Object.keys(o.responses).sort()]);
    expect(ops).toContainEqual(["tell", ["200", "400", "409"]]);
    expect(ops).toHaveLength(Object.keys(apiRoutes).length);
    const page = await (await fetch(`${base}/docs`)).text();
    expect(page).toContain("<code>POST /v1/studies/{id}/trials:ask</code>");
  });

  it("answers every documented route with its documented status and body", async () => {
    const call = async (id: keyof typeof apiRoutes, params: Record<string, number>, body?: unknown, query = "") => {
      const route = apiRoutes[id] as RouteSpec;
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
      const res = await fetch(`${base}${path}${query}`, {
        method: route.method.toUpperCase(),
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
      expect([id, res.status]).toEqual([id, route.status]);
      if (route.response === "events") {
        expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
        await res.body?.cancel();
        return undefined;
      }
      return route.response.parse(await res.json()) as Record<string, unknown>;
    };
    const study = (await call("createStudy", {}, SPEC))!;
    const id = study.id as number;
    const asked = (await call("ask", { id }, {}))!;
    const trial = asked.trial as number;
    await call("report", { id: trial }, { attempt: 1, step: 1, metrics: { "ndcg@10": 0.2 } });
    await call("heartbeat", { id: trial }, { attempt: 1 });
    await call("tell", { id: trial }, { attempt: 1, values: [0.2] });
    await call("enqueueTrial", { id }, { params: { lr: 0.01 } });
    await call("patchStudy", { id }, { maxTrials: 6 });
    for (const op of ["getStudy", "listTrials", "leaderboard", "strategy", "table", "importance", "curves"] as const)
      await call(op, { id });
    await call("listStudies", {}, undefined, "?limit=5");
    await call("getTrial", { id, number: 0 });
    await call("workers", {});
    await call("capacity", {});
    await call("health", {});
    await call("ready", {});
    await call("events", {}, undefined, `?study=${id}`);
    await call("stopStudy", { id });
    await call("resumeStudy", { id });
  });
});
