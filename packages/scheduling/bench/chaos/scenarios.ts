import { parseStudySpec, type StudySpec } from "@rectune/spec";
import { createPostgresStore } from "@rectune/store";
import { checkStudy, type StudyVerdict } from "./chaos-checks.js";
import { ChaosCluster, type Endpoints, faults } from "./chaos-cluster.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultContext {
  readonly cluster: ChaosCluster;
  /** Outage windows (epoch ms): excluded from the stall measure, since nothing can finish while the store is down. */
  readonly outages: { from: number; to: number }[];
  /** True once the study ended: repeated faults stop. */
  ended(): boolean;
}

export interface Scenario {
  readonly name: string;
  readonly spec: StudySpec;
  readonly workers: number;
  readonly concurrency: number;
  readonly env?: Record<string, string>;
  readonly inject: (ctx: FaultContext) => Promise<void>;
}

export interface ScenarioResult extends StudyVerdict {
  readonly name: string;
}

/** Short trials of the built-in targets: the scenarios measure the cluster, not training. */
export function chaosSpec(name: string, maxTrials: number, target: "sleep" | "curve", durationMs: number): StudySpec {
  return parseStudySpec({
    name: `chaos ${name}`,
    objective: { metric: "value", direction: "minimize" },
    target:
      target === "sleep"
        ? { kind: "function", name: "sleep", durationMs }
        : { kind: "function", name: "curve", steps: 9, durationMs },
    space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
    strategy: { sampler: "random", pruner: "none", maxTrials, parallelism: 8, maxAttempts: 5 },
  });
}

/** Repeats `fault` every `everyMs` until the study ends or `times` ran. */
async function every(ctx: FaultContext, everyMs: number, times: number, fault: () => Promise<void> | void) {
  for (let i = 0; i < times && !ctx.ended(); i++) {
    await sleep(everyMs);
    if (!ctx.ended()) await fault();
  }
}

async function outage(ctx: FaultContext, downMs: number, down: () => void, up: () => void): Promise<void> {
  const from = Date.now();
  down();
  await sleep(downMs);
  up();
  ctx.outages.push({ from, to: Date.now() });
}

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/**
 * A random ready worker SIGKILLed every 2 s and replaced at once (the replacement loads while the others
 * work). The last ready worker is spared: a worker takes seconds to load TensorFlow.js, longer under load, and
 * a cluster with none measures process start-up, not recovery.
 */
export function sigkillStorm(trials: number, durationMs: number): Scenario {
  return {
    name: "sigkill-storm",
    spec: chaosSpec("sigkill-storm", trials, "sleep", durationMs),
    workers: 4,
    concurrency: 2,
    inject: (ctx) =>
      every(ctx, 2_000, 1_000, () => {
        const ready = ctx.cluster.readyWorkers();
        if (ready.length < 2) return;
        pick(ready)?.child.kill("SIGKILL");
        ctx.cluster.spawn("worker", ["--concurrency", "2"]);
      }),
  };
}

export function scenarios(): Scenario[] {
  const sleepStudy = (name: string, trials: number, ms = 500) => chaosSpec(name, trials, "sleep", ms);
  // Every 3 s a ready worker (never the last) gets SIGTERM and a replacement starts; the grace period decides
  // whether its running trials finish or are handed back.
  const sigtermScenario = (name: string, graceMs: number): Scenario => ({
    name,
    spec: sleepStudy(name, 40, 1_500),
    workers: 3,
    concurrency: 2,
    env: { RECTUNE_SHUTDOWN_GRACE_MS: String(graceMs) },
    inject: (ctx) =>
      every(ctx, 3_000, 4, () => {
        const ready = ctx.cluster.readyWorkers();
        if (ready.length < 2) return;
        pick(ready)?.child.kill("SIGTERM");
        ctx.cluster.spawn("worker", ["--concurrency", "2"]);
      }),
  });
  // A server down for `downMs` (0: a restart) 2 s into an 80-trial study on 3 workers.
  const outageScenario = (name: string, downMs: number, stop: () => void, start: () => void): Scenario => ({
    name,
    spec: sleepStudy(name, 80),
    workers: 3,
    concurrency: 2,
    inject: async (ctx) => {
      await sleep(2_000);
      await outage(ctx, downMs, stop, start);
    },
  });
  return [
    {
      name: "undisturbed",
      spec: sleepStudy("undisturbed", 200, 400),
      workers: 4,
      concurrency: 2,
      inject: async () => {},
    },
    sigkillStorm(200, 400),
    {
      name: "redis-flushall",
      spec: sleepStudy("redis-flushall", 80),
      workers: 3,
      concurrency: 2,
      inject: (ctx) => every(ctx, 2_000, 1, () => faults.redisCli("FLUSHALL")),
    },
    outageScenario("redis-down-15s", 15_000, () => faults.redisCli("SHUTDOWN", "NOSAVE"), faults.redisStart),
    outageScenario("postgres-restart", 0, faults.pgStop, faults.pgStart),
    outageScenario("postgres-stop-20s", 20_000, faults.pgStop, faults.pgStart),
    {
      name: "terminate-worker-connections",
      // The curve target reports every step: the cut connections carry reports and results.
      spec: chaosSpec("pg-terminate", 60, "curve", 60),
      workers: 3,
      concurrency: 2,
      inject: (ctx) =>
        every(ctx, 700, 15, async () => void (await faults.terminateBackends(ctx.cluster.database, "chaos-worker"))),
    },
    {
      name: "scheduler-sigkill-x5",
      spec: sleepStudy("scheduler-kill", 100),
      workers: 3,
      concurrency: 2,
      // Deployed as recommended: a standby scheduler waits for the lock. Each kill hits the active one (the
      // standby takes over within its poll, 1 s) and a replacement becomes the next standby.
      inject: async (ctx) => {
        ctx.cluster.spawn("scheduler");
        await every(ctx, 2_000, 5, async () => {
          // Kill only once a standby has loaded (a process start takes seconds under load): the scenario
          // measures the takeover, not how fast Node starts.
          const loaded = () =>
            ctx.cluster
              .schedulers()
              .some((s) => !s.ready && s.lines.some((l) => l.includes("waiting for the scheduler lock")));
          for (let waited = 0; !loaded() && waited < 30_000 && !ctx.ended(); waited += 100) await sleep(100);
          const active = ctx.cluster.schedulers().filter((s) => s.ready);
          for (const s of active) s.child.kill("SIGKILL");
          ctx.cluster.spawn("scheduler");
        });
      },
    },
    {
      name: "two-schedulers",
      spec: sleepStudy("two-schedulers", 80),
      workers: 3,
      concurrency: 2,
      inject: async (ctx) => void ctx.cluster.spawn("scheduler"),
    },
    sigtermScenario("sigterm-short-grace", 100),
    sigtermScenario("sigterm-long-grace", 10_000),
  ];
}

/** Runs one scenario on a fresh cluster and checks the database afterwards. */
export async function runScenario(
  scenario: Scenario,
  options: { deadlineMs?: number; endpoints?: Endpoints; dropDatabase?: boolean } = {},
): Promise<ScenarioResult> {
  const deadlineMs = options.deadlineMs ?? 240_000;
  const cluster = await ChaosCluster.create(scenario.name.replace(/-/g, "_"), scenario.env, options.endpoints);
  const scheduler = cluster.spawn("scheduler");
  await scheduler.waitFor(/scheduler running/);
  await Promise.all(Array.from({ length: scenario.workers }, () => cluster.startWorker(scenario.concurrency)));
  const store = createPostgresStore(cluster.url, { poolSize: 2 });
  const study = await store.createStudy(scenario.spec);
  let ended = false;
  const ctx: FaultContext = { cluster, outages: [], ended: () => ended };
  const injecting = scenario.inject(ctx);
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    await sleep(250);
    const status = await store.study(study.id).then(
      (s) => s.status,
      () => "RUNNING", // the store is down right now: keep waiting
    );
    if (status !== "RUNNING") break;
  }
  ended = true;
  await injecting;
  const verdict = await checkStudy(cluster.url, study.id, scenario.spec.strategy.maxTrials, ctx.outages);
  await cluster.stop();
  await store.close();
  if (options.dropDatabase) await cluster.dropDatabase();
  return { name: scenario.name, ...verdict };
}
