import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor } from "./helpers/api-key.js";
import { TestCluster } from "./helpers/cluster.js";
import { startApp } from "./helpers/processes.js";
import { seedStudy } from "./helpers/seed-study.js";

/** A function study: nothing to read, quick to store. */
const curveSpec = (name: string) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 5 },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 0.001, high: 0.1, log: true } },
  strategy: { maxTrials: 4 },
});

/** Every route that reads or changes one study, with its method. */
const studyRoutes = (id: number): [string, string][] => [
  ["GET", `/v1/studies/${id}`],
  ["GET", `/v1/studies/${id}/trials`],
  ["GET", `/v1/studies/${id}/trials/0`],
  ["GET", `/v1/studies/${id}/leaderboard`],
  ["GET", `/v1/studies/${id}/leaderboard?limit=5`],
  ["GET", `/v1/studies/${id}/strategy`],
  ["GET", `/v1/studies/${id}/table`],
  ["GET", `/v1/studies/${id}/importance`],
  ["GET", `/v1/studies/${id}/curves`],
  ["GET", `/v1/events?study=${id}`],
  ["POST", `/v1/studies/${id}/stop`],
  ["POST", `/v1/studies/${id}/resume`],
  ["POST", `/v1/studies/${id}/recommendations`],
  ["GET", `/v1/studies/${id}/model`],
];

describe("API keys and projects", () => {
  let cluster: TestCluster;
  let roots: string;
  let outside: string;
  const keys: Record<"a" | "aRead" | "b" | "admin" | "revoked", string> = {
    a: "",
    aRead: "",
    b: "",
    admin: "",
    revoked: "",
  };
  let studyOfA = 0;
  let studyOfB = 0;

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const abort = new AbortController();
    const res = await fetch(`${cluster.apiUrl}${path}`, {
      method,
      signal: abort.signal,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // An event stream never ends: its status and type are all a test reads of it.
    const text = res.headers.get("content-type")?.startsWith("text/event-stream") ? "" : await res.text();
    abort.abort();
    return { status: res.status, type: res.headers.get("content-type") ?? "", text, headers: res.headers };
  };

  beforeAll(async () => {
    roots = await mkdtemp(join(tmpdir(), "rectune-roots-"));
    outside = await mkdtemp(join(tmpdir(), "rectune-outside-"));
    await mkdir(join(roots, "datasets"));
    await writeFile(join(outside, "secret.csv"), "root:x:0:0:secret-line\n");
    // A link inside the root to a file outside it, and a FIFO outside: opening that for reading would hang.
    await symlink(join(outside, "secret.csv"), join(roots, "datasets", "link.csv"));
    execFileSync("mkfifo", [join(outside, "pipe.csv")]);
    cluster = await TestCluster.create({
      RECTUNE_AUTH: "keys",
      RECTUNE_DATA_ROOTS: join(roots, "datasets"),
      RECTUNE_LOG_LEVEL: "trace",
    });
    await cluster.startApi();
    const a = await cluster.store.createProject("team-a");
    await cluster.store.createProject("team-b");
    keys.a = await apiKeyFor(cluster.apiUrl, { scopes: ["write"], project: "team-a" });
    keys.aRead = await apiKeyFor(cluster.apiUrl, { scopes: ["read"], project: "team-a" });
    keys.b = await apiKeyFor(cluster.apiUrl, { scopes: ["write"], project: "team-b" });
    keys.admin = await apiKeyFor(cluster.apiUrl, { scopes: ["admin"], project: null });
    keys.revoked = await apiKeyFor(cluster.apiUrl, { scopes: ["admin"], project: null });
    await cluster.store.revokeApiKey(keys.revoked.split("_").slice(0, 2).join("_"));
    // A's study has trials, steps and a leaderboard (seeded, then moved into A); B's is submitted by B.
    const seeded = await seedStudy(cluster.store, cluster.sql, { name: "a-study", trials: 12, steps: 3, room: 5 });
    await cluster.sql.rows("UPDATE studies SET project_id = $1 WHERE id = $2", [a.id, seeded.id]);
    studyOfA = seeded.id;
    const submitted = await call("POST", "/v1/studies", keys.b, curveSpec("b-study"));
    expect(submitted.status).toBe(201);
    studyOfB = (JSON.parse(submitted.text) as { id: number }).id;
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    await rm(roots, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("answers 401 problem+json for a missing, malformed, wrong or revoked key; /healthz and /readyz stay open", async () => {
    const wrong = `${keys.a.slice(0, 13)}${"x".repeat(keys.a.length - 13)}`;
    for (const key of [undefined, "not-a-key", wrong, keys.revoked]) {
      for (const [method, path] of [
        ["GET", "/v1/studies"],
        ["GET", `/v1/studies/${studyOfA}/leaderboard`],
        ["POST", "/v1/studies"],
        ["GET", "/v1/workers"],
      ] as const) {
        const res = await call(method, path, key, method === "POST" ? curveSpec("refused") : undefined);
        expect([path, res.status]).toEqual([path, 401]);
        expect(res.type).toContain("application/problem+json");
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(JSON.parse(res.text)).toMatchObject({ status: 401, field: "authorization" });
        if (key) expect(res.text).not.toContain(key);
      }
    }
    expect(JSON.parse((await call("GET", "/v1/studies", keys.revoked)).text).detail).toMatch(/revoked/);
    expect((await call("GET", "/healthz")).status).toBe(200);
    expect((await call("GET", "/readyz")).status).toBe(200);
    expect((await cluster.store.studies({ limit: 100 })).map((s) => s.name)).not.toContain("refused");
  });

  it("answers 403 for a read key that changes something", async () => {
    const res = await call("POST", "/v1/studies", keys.aRead, curveSpec("read-only"));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).detail).toMatch(/needs write/);
    expect((await call("POST", `/v1/studies/${studyOfA}/stop`, keys.aRead)).status).toBe(403);
    // Asking for recommendations only reads: a read key may (this study has no champion yet: 409).
    const asked = await call("POST", `/v1/studies/${studyOfA}/recommendations`, keys.aRead, { users: ["1"], k: 5 });
    expect(asked.status).toBe(409);
  });

  it("keeps projects apart on every route: another project's study is 404, lists show only one's own", async () => {
    for (const [method, path] of studyRoutes(studyOfA)) {
      const res = await call(method, path, keys.b);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.type).toContain("application/problem+json");
    }
    for (const [method, path] of studyRoutes(studyOfB)) {
      const res = await call(method, path, keys.a);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    // Its own project's key (and an admin key) read A's study.
    for (const key of [keys.aRead, keys.admin]) {
      for (const [method, path] of studyRoutes(studyOfA).filter(([m, p]) => m === "GET" && !p.endsWith("/model"))) {
        const res = await call(method, path, key);
        expect([path, res.status]).toEqual([path, 200]);
      }
    }
    const listed = (key: string) =>
      call("GET", "/v1/studies?limit=100", key).then(
        (r) => (JSON.parse(r.text) as { studies: { id: number }[] }).studies,
      );
    expect((await listed(keys.a)).map((s) => s.id)).toEqual([studyOfA]);
    expect((await listed(keys.b)).map((s) => s.id)).toEqual([studyOfB]);
    expect((await listed(keys.admin)).map((s) => s.id)).toEqual(expect.arrayContaining([studyOfA, studyOfB]));
    // The workers are shared; the trials they run are shown to their study's project only.
    const workers = JSON.parse((await call("GET", "/v1/workers", keys.b)).text) as {
      workers: { running: { studyId: number }[] }[];
    };
    expect(workers.workers.flatMap((w) => w.running).filter((r) => r.studyId === studyOfA)).toEqual([]);
    // B's stop and resume did not change A's study.
    expect((await cluster.store.study(studyOfA)).status).toBe("RUNNING");
  });

  it("puts a study in its key's project", async () => {
    expect((await cluster.store.study(studyOfB)).projectId).toBe((await cluster.store.project("team-b")).id);
    const answered = JSON.parse((await call("GET", `/v1/studies/${studyOfB}`, keys.b)).text) as { project: string };
    expect(answered.project).toBe("team-b");
  });

  it("refuses a data file outside the data roots at submit: 400 on target.dataset.path naming the roots, nothing stored, nothing read", async () => {
    const before = (await cluster.store.studies({ limit: 1000 })).length;
    for (const path of [
      "/etc/passwd",
      join(outside, "secret.csv"),
      join(outside, "pipe.csv"),
      join(roots, "datasets", "..", "..", outside.split("/").pop()!, "secret.csv"),
      join(roots, "datasets", "link.csv"),
      join(roots, "datasets", "missing.csv"),
    ]) {
      const res = await call("POST", "/v1/studies", keys.a, {
        ...curveSpec("outside"),
        objective: { metric: "ndcg@10", direction: "maximize" },
        target: { kind: "recommender", model: "mf", dataset: { path, format: "ml-latest" } },
        space: { lr: { type: "float", low: 0.001, high: 0.1, log: true } },
      });
      expect([path, res.status]).toEqual([path, 400]);
      const problem = JSON.parse(res.text) as { field: string; detail: string };
      expect(problem.field).toBe("target.dataset.path");
      expect(problem.detail).toContain(join(roots, "datasets"));
      expect(res.text).not.toContain("secret-line");
      expect(res.text).not.toContain("root:x");
    }
    expect((await cluster.store.studies({ limit: 1000 })).length).toBe(before);
  });

  it("refuses to start without keys on a non-loopback address, saying why", async () => {
    const api = startApp("api", {
      ...cluster.env,
      RECTUNE_AUTH: "off",
      RECTUNE_API_HOST: "0.0.0.0",
      RECTUNE_API_PORT: "0",
    });
    expect(await api.exit()).toBe(1);
    expect(api.output.join("\n")).toMatch(/refusing to start: RECTUNE_AUTH=off while listening on 0\.0\.0\.0/);
  }, 60_000);

  it("never writes a key to the log", async () => {
    const log = cluster.processes.flatMap((p) => p.output).join("\n");
    // The API logs every request's headers at debug level (this file runs it at trace): redacted.
    expect(log).toMatch(/"authorization":"\[redacted\]"/);
    for (const key of Object.values(keys)) expect(log).not.toContain(key.slice(13));
  });
});
