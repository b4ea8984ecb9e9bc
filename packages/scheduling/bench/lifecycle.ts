/**
 * npm run bench:lifecycle — the trial lifecycle's own overhead, with the real components: the scheduler
 * (a SchedulerLoop in this process), worker processes (apps/worker), the API process (apps/api),
 * PostgreSQL and Redis, all on this machine. Prints both sides against Optuna on the same PostgreSQL
 * when python3-optuna and python3-psycopg2 are installed; the last line is one JSON object.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { samplerNames } from "@rectune/search";
import { askTellRoundTrips, optunaAskTell } from "./ask-tell-http.js";
import { BenchCluster, sleepStudy } from "./bench-cluster.js";
import { CpuMeter } from "./cpu.js";
import { httpLoad } from "./http-load.js";
import { optunaAvailable, runOptunaAnchor, type OptunaFigures } from "./optuna-anchor.js";

const { values: args } = parseArgs({
  options: {
    workers: { type: "string", default: "2" },
    concurrency: { type: "string", default: "32" },
    parallelism: { type: "string", default: "256" },
    trials: { type: "string", default: "10600" },
    "tpe-trials": { type: "string", default: "2000" },
    "sleep-trials": { type: "string", default: "1000" },
    /** Trials in flight for the 1 s study: above the 16 slots, so a freed slot finds its next trial queued. */
    "sleep-parallelism": { type: "string", default: "32" },
    "optuna-trials": { type: "string", default: "300" },
    /** ask -> tell pairs over HTTP (and Optuna's on PostgreSQL) for the asktell phase. */
    "asktell-pairs": { type: "string", default: "500" },
    /** API processes for the leaderboard phase (RECTUNE_API_PROCESSES). */
    "api-processes": { type: "string", default: "1" },
    /** Which parts to run: random (with the flatness windows), tpe, leaderboard (on the random study), sleep, asktell, optuna. */
    phases: { type: "string", default: "random,tpe,leaderboard,sleep,asktell,optuna" },
    /** Passed to every app process, e.g. --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof. */
    "node-arg": { type: "string", multiple: true, default: [] },
  },
});
const int = (name: keyof typeof args) => Number.parseInt(String(args[name]), 10);
const workers = int("workers");
const concurrency = int("concurrency");
const parallelism = int("parallelism");
const trials = int("trials");
const phases = new Set(String(args.phases).split(","));

const log = (line: string) => console.log(line);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Milliseconds per trial between the a-th and b-th finished trial (database clock). */
function costPerTrial(times: readonly number[], a: number, b: number): number {
  const start = times[a];
  const end = times[b];
  if (start === undefined || end === undefined) throw new Error(`only ${times.length} finished trials, need ${b + 1}`);
  return (end - start) / (b - a);
}

const cluster = await BenchCluster.create(args["node-arg"]);
const results: Record<string, unknown> = {
  config: {
    schedulerInProcess: true,
    workerProcesses: workers,
    concurrency,
    parallelism,
    sleepSlots: "2 x 8",
    sleepParallelism: int("sleep-parallelism"),
  },
};

/** 1. Random search on the 0 ms `sleep` objective: pure control-plane overhead, and its flatness. */
async function randomPhase(fast: readonly number[]): Promise<{ id: number; trials: number; tps: number }> {
  const meter = new CpuMeter(async () => ({
    scheduler: [process.pid],
    workers: fast,
    postgres: await cluster.postgresPids(),
  }));
  await meter.start();
  const random = await cluster.runStudy(
    sleepStudy({ sampler: "random", maxTrials: trials, parallelism, durationMs: 0 }),
    1_800_000,
  );
  const cpu = await meter.stop();
  const tps = (trials * 1000) / random.wallMs;
  const times = await cluster.finishTimes(random.id);
  const at1k = costPerTrial(times, 500, 1500);
  const at10k = costPerTrial(times, 9500, Math.min(10500, times.length - 1));
  const cpuMs = (Object.values(cpu).reduce((a, b) => a + b, 0) * 1000) / trials;
  log(`random: ${trials} trials in ${round(random.wallMs / 1000, 2)} s = ${round(tps)} trials/s`);
  log(
    `random: per-trial cost ${round(at1k, 3)} ms around n=1,000, ${round(at10k, 3)} ms around n=10,000 (ratio ${round(at10k / at1k, 2)})`,
  );
  log(
    `random: CPU per trial ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${round((v * 1000) / trials, 3)} ms`)
      .join(", ")}`,
  );
  log(
    `random: ${round(cpuMs, 3)} ms of CPU per trial in all (Redis not counted): at most ${round(2000 / cpuMs)} trials/s on 2 idle cores`,
  );
  Object.assign(results, {
    random_tps: round(tps),
    cost_ms_at_1k: round(at1k, 3),
    cost_ms_at_10k: round(at10k, 3),
    cost_ratio_10k_vs_1k: round(at10k / at1k, 2),
    cpu_ms_per_trial: round(cpuMs, 3),
  });
  return { id: random.id, trials: times.length, tps };
}

/** 2. TPE, once the search package registers it (taken from the registry by name). */
async function tpePhase(): Promise<number | null> {
  if (!(samplerNames as readonly string[]).includes("tpe")) {
    log(`tpe: not available (samplers: ${samplerNames.join(", ")})`);
    return null;
  }
  const n = int("tpe-trials");
  const tpe = await cluster.runStudy(
    sleepStudy({ sampler: "tpe", maxTrials: n, parallelism, durationMs: 0 }),
    1_800_000,
  );
  const tps = (n * 1000) / tpe.wallMs;
  log(`tpe: ${n} trials in ${round(tpe.wallMs / 1000, 2)} s = ${round(tps)} trials/s`);
  return tps;
}

/** CPU of an API's processes, of the cluster's PostgreSQL backends, and of this process (a client). */
const apiMeter = (api: { pids: readonly number[] }) =>
  new CpuMeter(async () => ({ api: api.pids, postgres: await cluster.postgresPids(), client: [process.pid] }));

/** 3. Reads: the leaderboard of a large study through the API process, under 200 concurrent connections. */
async function leaderboardPhase(study: { id: number; trials: number }): Promise<void> {
  const api = await cluster.startApi(int("api-processes"));
  const url = `${api.url}/v1/studies/${study.id}/leaderboard`;
  // The write phases leave autovacuum work behind (over 10,000 rows inserted and updated); started in the
  // middle of the read phase, it would take a core from the API and the client. A study's board is read
  // long after its writes in practice, so settle the table first, then warm the API's JIT.
  await cluster.vacuum();
  await httpLoad(url, { connections: 20, seconds: 5 });
  // CPU per request of the API and of the load client: figures a loaded machine bends less.
  const meter = apiMeter(api);
  await meter.start();
  const load = await httpLoad(url, { connections: 200, seconds: 10 });
  const cpu = await meter.stop();
  const perRequest = (seconds = 0) => round((seconds * 1000) / Math.max(1, load.requests), 4);
  log(
    `leaderboard (${study.trials} trials, 200 connections, 10 s, ${int("api-processes")} API process(es), client ${load.client}): ${round(load.rps)} req/s, ` +
      `p50 ${round(load.p50Ms, 2)} ms, p99 ${round(load.p99Ms, 2)} ms, errors ${load.errors}; ` +
      `CPU per request: API ${perRequest(cpu.api)} ms, PostgreSQL ${perRequest(cpu.postgres)} ms, ${load.client} ${perRequest(load.clientCpuS)} ms`,
  );
  Object.assign(results, {
    api_processes: int("api-processes"),
    leaderboard_client: load.client,
    leaderboard_p99_ms: round(load.p99Ms, 2),
    leaderboard_p50_ms: round(load.p50Ms, 2),
    leaderboard_rps: round(load.rps),
    leaderboard_api_cpu_ms: perRequest(cpu.api),
    leaderboard_client_cpu_ms: perRequest(load.clientCpuS),
  });
}

/** 4. Real-length trials: 1 s each on 16 worker slots (2 processes x 8); ideal = trials x 1 s / 16. */
async function sleepPhase(): Promise<void> {
  const slots = await cluster.startWorkers(2, 8);
  const n = int("sleep-trials");
  const inFlight = int("sleep-parallelism");
  const ideal = (n * 1000) / 16;
  const slow = await cluster.runStudy(
    sleepStudy({ sampler: "random", maxTrials: n, parallelism: inFlight, durationMs: 1000 }),
    900_000,
  );
  const overhead = slow.wallMs / ideal - 1;
  const where = await cluster.breakdown(slow.id, inFlight, 1000);
  log(
    `sleep 1 s: ${n} trials on 2 x 8 slots, ${inFlight} in flight, in ${round(slow.wallMs / 1000, 2)} ` +
      `s, ideal ${round(ideal / 1000, 2)} s: ${round(overhead * 100, 2)}% above ideal`,
  );
  log(
    `sleep 1 s: per trial ${round(where.queued)} ms queued, ${round(where.run)} ms in the ` +
      `worker beyond 1 s, ${round(where.refill)} ms from a finish to its slot's next trial`,
  );
  results.sleep1s_overhead = round(overhead, 4);
  await cluster.stopWorkers(slots);
}

/**
 * 5. An external client's ask -> tell round trip over HTTP, next to Optuna's ask/tell on the same PostgreSQL.
 * Measured with two clients (HttpClient): `node:http` with a keep-alive agent, the headline figure, and Node's
 * `fetch`, whose own CPU on these shared 2 cores costs more than the API's.
 */
async function askTellPhase(): Promise<void> {
  const api = await cluster.startApi();
  const pairs = int("asktell-pairs");
  // CPU per pair of the API, PostgreSQL and this process (the client): what each costs, whatever the load.
  const ours = await askTellRoundTrips(api.url, pairs, { meter: apiMeter(api), client: "http" });
  const viaFetch = await askTellRoundTrips(api.url, pairs, { meter: apiMeter(api), client: "fetch" });
  for (const [name, r] of [
    ["node:http", ours],
    ["fetch", viaFetch],
  ] as const) {
    const cpu = r.cpuMsPerPair ?? {};
    log(
      `ask/tell over HTTP (random, ${pairs} pairs, one ${name} client): p50 ${round(r.p50Ms, 2)} ms, p99 ${round(r.p99Ms, 2)} ms; ` +
        `CPU per pair: API ${round(cpu.api ?? Number.NaN, 2)} ms, PostgreSQL ${round(cpu.postgres ?? Number.NaN, 2)} ms, ` +
        `client (with the scheduler loop) ${round(cpu.client ?? Number.NaN, 2)} ms`,
    );
  }
  const cpu = ours.cpuMsPerPair ?? {};
  Object.assign(results, {
    asktell_http_p50_ms: round(ours.p50Ms, 2),
    asktell_http_p99_ms: round(ours.p99Ms, 2),
    asktell_api_cpu_ms_per_pair: round(cpu.api ?? Number.NaN, 3),
    asktell_postgres_cpu_ms_per_pair: round(cpu.postgres ?? Number.NaN, 3),
    asktell_client_cpu_ms_per_pair: round(cpu.client ?? Number.NaN, 3),
    asktell_fetch_p50_ms: round(viaFetch.p50Ms, 2),
    asktell_fetch_p99_ms: round(viaFetch.p99Ms, 2),
    asktell_fetch_client_cpu_ms_per_pair: round(viaFetch.cpuMsPerPair?.client ?? Number.NaN, 3),
  });
  if (!(await optunaAvailable()))
    return log("optuna ask/tell: not run (python3-optuna / python3-psycopg2 not installed)");
  const optuna = await optunaAskTell(pairs);
  log(optuna.line);
  log(
    `ask/tell p50: rectune over HTTP ${round(ours.p50Ms, 2)} ms (node:http client; ${round(viaFetch.p50Ms, 2)} ms with fetch) ` +
      `vs Optuna on PostgreSQL ${optuna.p50Ms} ms (${round(optuna.p50Ms / ours.p50Ms, 2)}x; ${round(optuna.p50Ms / viaFetch.p50Ms, 2)}x with fetch)`,
  );
  Object.assign(results, {
    optuna_asktell_p50_ms: optuna.p50Ms,
    optuna_asktell_p99_ms: optuna.p99Ms,
    asktell_optuna_vs_http: round(optuna.p50Ms / ours.p50Ms, 2),
    asktell_optuna_vs_fetch: round(optuna.p50Ms / viaFetch.p50Ms, 2),
  });
}

try {
  // Figures on a shared machine bend with its load: say what it was.
  results.loadavg_start = loadavg().map((l) => round(l, 2));
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  log(
    `cluster: scheduler in this process, ${workers} worker processes x concurrency ${concurrency}, study parallelism ${parallelism}`,
  );
  cluster.startScheduler();
  let random: { id: number; trials: number; tps: number } | null = null;
  let tpeTps: number | null = null;
  if (phases.has("random") || phases.has("tpe")) {
    const fast = await cluster.startWorkers(workers, concurrency);
    if (phases.has("random")) random = await randomPhase(fast.map((w) => w.pid ?? -1));
    if (phases.has("tpe")) tpeTps = await tpePhase();
    await cluster.stopWorkers(fast);
  }
  results.tpe_tps = tpeTps === null ? null : round(tpeTps);
  if (phases.has("leaderboard") && random) await leaderboardPhase(random);
  results.sleep1s_overhead = null;
  if (phases.has("sleep")) await sleepPhase();
  if (phases.has("asktell")) await askTellPhase();
  await cluster.stopScheduler();

  // 5. The anchor: Optuna 3.1 on the same PostgreSQL, run after the cluster is idle.
  let optuna: OptunaFigures | null = null;
  if (phases.has("optuna") && (await optunaAvailable())) {
    optuna = await runOptunaAnchor(int("optuna-trials"));
    for (const line of optuna.lines) log(line);
  } else {
    log("optuna: not run (not in --phases, or python3-optuna / python3-psycopg2 not installed)");
  }
  results.optuna_random_tps = optuna?.randomTps ?? null;
  results.optuna_tpe_tps = optuna?.tpeTps ?? null;
  if (optuna && random) {
    results.random_vs_optuna = round(random.tps / optuna.randomTps, 2);
    results.tpe_vs_optuna = tpeTps === null ? null : round(tpeTps / optuna.tpeTps, 2);
    log(
      `rectune vs optuna (PostgreSQL): random ${round(random.tps)} vs ${optuna.randomTps} trials/s (${results.random_vs_optuna}x)` +
        (tpeTps === null
          ? "; tpe: not available"
          : `, tpe ${round(tpeTps)} vs ${optuna.tpeTps} trials/s (${results.tpe_vs_optuna}x)`),
    );
  }
} finally {
  await cluster.close();
}
results.loadavg_end = loadavg().map((l) => round(l, 2));
log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}`,
);
console.log(JSON.stringify(results));
process.exit(0);
