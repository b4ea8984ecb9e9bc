import { parseStudySpec } from "@rectune/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";

const spec = (name: string) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 5 },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 0.001, high: 0.1, log: true } },
  strategy: { maxTrials: 4 },
});

describe("every bad input a clear 4xx, nothing stored", () => {
  let cluster: TestCluster;
  const studyCount = async () => (await cluster.store.studies({ limit: 10_000 })).length;
  const send = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${cluster.apiUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      headers: res.headers,
      text: await res.text(),
    };
  };
  const problem = (text: string) => JSON.parse(text) as { field?: string; detail: string; status: number };

  beforeAll(async () => {
    cluster = await TestCluster.create();
    await cluster.startApi();
  }, 60_000);
  afterAll(() => cluster?.close());

  it("refuses NUL and unpaired surrogates with 400 naming the field", async () => {
    const before = await studyCount();
    for (const [body, field] of [
      ['{"name":"a\\u0000b"}', "name"],
      ['{"name":"x\\ud800"}', "name"],
      [JSON.stringify({ ...spec("ok"), target: { kind: "function", name: "curve\u0000" } }), "target.name"],
      ['{"name":"ok","space":{"lr\\udc00":{}}}', "space"],
    ] as const) {
      const res = await send("POST", "/v1/studies", body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(res.type).toContain("application/problem+json");
      expect(problem(res.text).field).toBe(field);
    }
    const query = await send("GET", "/v1/studies?name=a%00b");
    expect([query.status, problem(query.text).field]).toEqual([400, "query.name"]);
    expect(await studyCount()).toBe(before);
  });

  it("answers ids beyond PostgreSQL's integer range with 404 and non-decimal ids with 400, on every route", async () => {
    for (const id of ["2147483648", "99999999999999999999"]) {
      for (const path of [
        `/v1/studies/${id}`,
        `/v1/studies/${id}/trials`,
        `/v1/studies/${id}/leaderboard`,
        `/v1/studies/${id}/strategy`,
      ]) {
        const res = await send("GET", path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.type).toContain("application/problem+json");
      }
      expect((await send("POST", `/v1/studies/${id}/stop`)).status).toBe(404);
    }
    for (const id of ["0x10", "1e3", "-1", "0", "abc"]) {
      const res = await send("GET", `/v1/studies/${id}`);
      expect([id, res.status, problem(res.text).field]).toEqual([id, 400, "id"]);
    }
    const study = await cluster.store.createStudy(parseStudySpec(spec("numbers")));
    expect((await send("GET", `/v1/studies/${study.id}/trials/2147483648`)).status).toBe(404);
    expect((await send("GET", `/v1/studies/${study.id}/trials/0x1`)).status).toBe(400);
    expect((await send("GET", "/v1/studies?before=99999999999")).status).toBe(400);
    expect((await send("GET", "/v1/events?study=99999999999")).status).toBe(400);
  });

  it("answers a body of another media type with 415 and an unsupported method with 405 and Allow", async () => {
    const res = await send("POST", "/v1/studies", JSON.stringify(spec("typed")), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(problem(res.text).field).toBe("content-type");
    for (const [method, path, allow] of [
      ["DELETE", "/v1/studies/1", "GET, PATCH"],
      ["PUT", "/v1/studies", "GET, POST"],
      ["GET", "/v1/studies/1/stop", "POST"],
      ["POST", "/v1/workers", "GET"],
    ] as const) {
      const r = await send(method, path);
      expect([method, path, r.status, r.headers.get("allow")]).toEqual([method, path, 405, allow]);
      expect(r.type).toContain("application/problem+json");
    }
  });

  it("answers a repeated POST with the same Idempotency-Key and body with the first study; another body is 422", async () => {
    const before = await studyCount();
    const body = JSON.stringify(spec("idempotent"));
    const first = await send("POST", "/v1/studies", body, { "idempotency-key": "job-42" });
    const again = await send("POST", "/v1/studies", body, { "idempotency-key": "job-42" });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(JSON.parse(again.text).id).toBe(JSON.parse(first.text).id);
    const other = await send("POST", "/v1/studies", JSON.stringify(spec("another")), { "idempotency-key": "job-42" });
    expect([other.status, problem(other.text).field]).toEqual([422, "idempotency-key"]);
    expect(await studyCount()).toBe(before + 1);
  });

  it("checks the spec against its target before storing it: hyperparameter names with a did-you-mean, required ones, enums", async () => {
    const before = await studyCount();
    const mf = await send(
      "POST",
      "/v1/studies",
      JSON.stringify({
        ...spec("mf typo"),
        objective: { metric: "ndcg@10", direction: "maximize" },
        target: { kind: "recommender", model: "mf", dataset: { synthetic: { users: 20, items: 20 } } },
        space: { learning_rate: { type: "float", low: 0.001, high: 0.1, log: true } },
      }),
    );
    expect([mf.status, problem(mf.text).field]).toEqual([400, "space.learning_rate"]);
    expect(problem(mf.text).detail).toMatch(/did you mean "lr"\? Expected one of: .*\blr\b/);
    const curve = await send(
      "POST",
      "/v1/studies",
      JSON.stringify({ ...spec("no lr"), space: { x: spec("").space.x } }),
    );
    expect([curve.status, problem(curve.text).detail]).toEqual([
      400,
      'space: function "curve" needs the hyperparameter "lr": add it to the space',
    ]);
    const direction = await send(
      "POST",
      "/v1/studies",
      JSON.stringify({ ...spec("maximise"), objective: { metric: "value", direction: "maximise" } }),
    );
    expect([direction.status, problem(direction.text).field]).toEqual([400, "objective.direction"]);
    expect(problem(direction.text).detail).toMatch(/minimize.*maximize/);
    expect(await studyCount()).toBe(before);
  });

  it("keeps the list's filters in its next link", async () => {
    for (const n of [1, 2, 3]) await send("POST", "/v1/studies", JSON.stringify(spec(`paged-${n}`)));
    const page = JSON.parse((await send("GET", "/v1/studies?name=paged&status=RUNNING&limit=2")).text) as {
      studies: { name: string }[];
      next: string;
    };
    expect(page.studies.map((s) => s.name)).toEqual(["paged-3", "paged-2"]);
    const next = new URL(page.next, cluster.apiUrl).searchParams;
    expect([next.get("name"), next.get("status"), next.get("limit")]).toEqual(["paged", "RUNNING", "2"]);
    const rest = JSON.parse((await send("GET", page.next)).text) as { studies: { name: string }[] };
    expect(rest.studies.map((s) => s.name)).toEqual(["paged-1"]);
  });
});
