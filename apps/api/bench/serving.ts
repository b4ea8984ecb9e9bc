/**
 * Serving benchmark (`npm run bench:serving`): the champion's top-K over HTTP against a NumPy top-K on
 * the same weights. Trains MF-BPR on MovieLens latest-small through the refit path (train + validation),
 * stores it as a study's champion (in-memory store), serves it from the API's request listener in a
 * process of its own, warms every user once, then drives `POST /v1/studies/:id/recommendations` (k=10, one
 * random user per request, seen items excluded) with autocannon at 200 connections and reads its p99.
 * The NumPy side (/usr/bin/python3) answers the same users one at a time: its per-request compute time,
 * with no HTTP. Both sides' top-10 lists are compared for the first users. Last line: one JSON object.
 *
 * Options: --epochs N (default 10) --seconds S (default 10) --connections C (default 200) --data PATH
 */
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { SHARED_DATASETS_DIR } from "@rectune/config";

const DATA = join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv");
const MF = { dim: 64, loss: "bpr", optimizer: "adam", lr: 0.002, l2: 0.01, batchSize: 2048, negativeCandidates: 20 };

interface ServerData {
  readonly folder: string;
  readonly epochs: number;
  readonly data: string;
}

if (process.argv[2] === "--serve") await serve(JSON.parse(process.argv[3]!) as ServerData);
else await main();

/** The API in its own process: a memory store holding one study whose champion is the trained MF. */
async function serve({ folder, epochs, data }: ServerData): Promise<void> {
  const weights = new Uint8Array(readFileSync(join(folder, "state.bin")));
  const { createServer } = await import("node:http");
  const { createMemoryStore } = await import("@rectune/store");
  const { parseStudySpec } = await import("@rectune/spec");
  const { pino } = await import("pino");
  const { createRequestListener } = await import("../src/app.js");
  const store = createMemoryStore();
  const study = await store.createStudy(
    parseStudySpec({
      name: "serving bench",
      objective: { metric: "ndcg@10", direction: "maximize" },
      target: { kind: "recommender", model: "mf", dataset: { path: data }, fixed: { ...MF, epochs }, cutoffs: [10] },
      space: { lr: { type: "float", low: 0.001, high: 0.003 } },
      strategy: { maxTrials: 1 },
    }),
  );
  const [trial] = await store.createTrials(study.id, [{ params: { lr: MF.lr }, strategy: { sampler: "random" } }]);
  const held = await store.claim(trial!.id, "bench");
  await store.finish(trial!.id, held!.attempt, { state: "COMPLETE", values: [0], metrics: { bestEpoch: epochs } });
  await store.beginRefit(study.id);
  const refit = await store.claimRefit(study.id, "bench");
  await store.finishRefit(study.id, refit!.attempt, {
    state: "COMPLETE",
    testMetrics: {},
    refit: { epochs, seconds: 0, workerId: "bench", weightBytes: weights.byteLength, dataset: "bench" },
    weights,
  });
  const listener = createRequestListener({
    store,
    queue: { ping: async () => {} },
    logger: pino({ level: "silent" }),
    // A loopback API for the bench: no keys; the ratings file's folder is its one data root.
    auth: "off",
    dataRoots: [dirname(data)],
  });
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send!({ port: typeof address === "object" && address ? address.port : 0, study: study.id });
  });
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      epochs: { type: "string", default: "10" },
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "200" },
      data: { type: "string", default: DATA },
    },
  });
  const epochs = Number(opts.epochs);
  const { loadTensorflow } = await import("@rectune/tfjs-backend");
  const { modelWeights, prepareTrialData, refitData, runFinalEvaluation, listOf } = await import("@rectune/recsys");
  const { recommenderTargetSchema } = await import("@rectune/spec");
  const { tf, backend } = await loadTensorflow();
  const target = recommenderTargetSchema.parse({
    kind: "recommender",
    model: "mf",
    dataset: { path: opts.data },
    fixed: { ...MF, epochs },
    cutoffs: [10],
  });
  const t0 = Date.now();
  const refit = await runFinalEvaluation({ tf, target, params: {}, epochs });
  console.log(
    `MF-BPR dim 64 refitted for ${epochs} epochs in ${((Date.now() - t0) / 1000).toFixed(1)} s (${backend}): ` +
      `test ndcg@10 ${refit.testMetrics["ndcg@10"]!.toFixed(4)}`,
  );
  const weights = refit.weights!;

  // The same weights and seen items for NumPy.
  const data = refitData(await prepareTrialData(target));
  const { specs, data: bytes } = modelWeights(weights);
  const folder = mkdtempSync(join(tmpdir(), "rectune-serving-"));
  let offset = 0;
  for (const [i, name] of ["P", "Q", "b"].entries()) {
    const size = specs[i]!.shape.reduce((n, d) => n * d, 1) * 4;
    writeFileSync(join(folder, `${name}.f32`), bytes.subarray(offset, offset + size));
    offset += size;
  }
  const numUsers = data.split.numUsers;
  const userIds = data.dataset.userIds;
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const requests = Array.from({ length: 20_000 }, () => Math.floor(random() * numUsers));
  const check = [0, 1, 2, 3, 4];
  writeFileSync(
    join(folder, "meta.json"),
    JSON.stringify({
      users: numUsers,
      items: data.split.numItems,
      dim: specs[0]!.shape[1],
      seen: Array.from({ length: numUsers }, (_, u) => [...listOf(data.split.train, u)]),
      requests,
      check,
    }),
  );

  // The API runs in a process of its own (this same file, through tsx), as it would in production.
  writeFileSync(join(folder, "state.bin"), weights);
  const server = fork(
    fileURLToPath(import.meta.url),
    ["--serve", JSON.stringify({ folder, epochs, data: opts.data })],
    {
      execArgv: ["--import", "tsx"],
    },
  );
  const { port, study } = await new Promise<{ port: number; study: number }>((resolve, reject) => {
    server.once("message", (m) => resolve(m as { port: number; study: number }));
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`the API process exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}/v1/studies/${study}/recommendations`;
  const post = async (users: string[]) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ users, k: 10, excludeSeen: true }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as { recommendations: { user: string; items: { item: string }[] }[] };
  };
  const tLoad = Date.now();
  const first = await post(check.map((u) => userIds[u]!));
  console.log(`first request (loads the champion, scores 5 users): ${Date.now() - tLoad} ms`);
  for (let u = 0; u < numUsers; u += 100) await post(userIds.slice(u, u + 100));

  let next = 0;
  const body = (u: number) => JSON.stringify({ users: [userIds[u]], k: 10, excludeSeen: true });
  const load = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: Number(opts.connections),
    duration: Number(opts.seconds),
    requests: [{ setupRequest: (req) => ({ ...req, body: body(requests[next++ % requests.length]!) }) }],
  });
  server.kill();

  const numpy = JSON.parse(
    execFileSync(
      "/usr/bin/python3",
      [fileURLToPath(new URL("numpy-top-k.py", import.meta.url)), folder, "10", "20000"],
      {
        encoding: "utf8",
      },
    ),
  ) as { p50Ms: number; p99Ms: number; meanMs: number; requests: number; firstUsersTopK: number[][] };
  const sameTopK = first.recommendations.every((r, i) =>
    r.items.every((item, j) => item.item === data.dataset.itemIds[numpy.firstUsersTopK[i]![j]!]),
  );

  const load1 = loadavg()[0]!;
  console.log(`\nload average ${load1.toFixed(2)} (2 cores shared)`);
  console.log(
    `rectune  HTTP, ${opts.connections} connections, k=10: ${load.requests.average.toFixed(0)} req/s, ` +
      `p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms (${load.non2xx} non-2xx, ${load.errors} errors)`,
  );
  console.log(
    `NumPy    top-K compute per request (no HTTP, one at a time): p50 ${numpy.p50Ms.toFixed(3)} ms, p99 ${numpy.p99Ms.toFixed(3)} ms`,
  );
  console.log(`same top-10 on both sides for the first ${check.length} users: ${sameTopK}`);
  console.log(`p99 vs the 10 ms goal: ${(load.latency.p99 / 10).toFixed(2)}x`);
  console.log(
    JSON.stringify({
      bench: "serving",
      model: "mf",
      dataset: "ml-latest-small",
      connections: Number(opts.connections),
      k: 10,
      rectune: {
        p50Ms: load.latency.p50,
        p99Ms: load.latency.p99,
        requestsPerSecond: load.requests.average,
        non2xx: load.non2xx,
        errors: load.errors,
      },
      numpy: { p50Ms: numpy.p50Ms, p99Ms: numpy.p99Ms, meanMs: numpy.meanMs },
      p99GoalMs: 10,
      p99VsGoal: load.latency.p99 / 10,
      sameTopK,
      loadAverage: load1,
    }),
  );
}
