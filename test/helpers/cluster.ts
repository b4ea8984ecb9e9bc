import { createPostgresStore, type Store, type TrialRow } from "@rectune/store";
import { createTestDatabase, testQueuePrefix } from "./db.js";
import { TestSql } from "./sql.js";
import { type AppProcess, startApi, startApp, waitFor } from "./processes.js";
import { inject } from "vitest";
import { registerApiStore } from "./api-key.js";

/** The environment of a test cluster's processes on `databaseUrl` (fast heartbeats, own queue prefix). */
export function clusterEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  const redisUrl = inject("redisUrl");
  return {
    DATABASE_URL: databaseUrl,
    // Without Redis the processes put the queue in the study database, as a cluster without REDIS_URL does.
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    RECTUNE_QUEUE_PREFIX: testQueuePrefix(),
    RECTUNE_HEARTBEAT_MS: "300",
    RECTUNE_STALE_AFTER_MS: "2000",
    RECTUNE_SHUTDOWN_GRACE_MS: "2000",
    RECTUNE_SCHEDULER_TICK_MS: "50",
    // Tests kill workers between steps and check that the retried attempt resumes after the last one
    // reported: a checkpoint after every step (the default spaces them RECTUNE_CHECKPOINT_EVERY_MS apart).
    RECTUNE_CHECKPOINT_EVERY_MS: "0",
    // A worker's default concurrency is one trial per core, which depends on the machine: tests run one
    // trial per worker unless they pass --concurrency.
    RECTUNE_WORKER_CONCURRENCY: "1",
    // Most files test something else than keys: their API (on 127.0.0.1) takes every caller as an admin.
    // Files about keys (and the dashboard's sign-in) pass RECTUNE_AUTH: "keys".
    RECTUNE_AUTH: "off",
    ...overrides,
  };
}

/** A whole cluster for one test file: own database, own queue prefix, real processes. */
export class TestCluster {
  readonly processes: AppProcess[] = [];
  apiUrl = "";

  private constructor(
    readonly env: Record<string, string>,
    /** The cluster's store, for what a test reads or seeds through the contract. */
    readonly store: Store,
    /** Plain SQL on the cluster's database, for what the contract does not offer. */
    readonly sql: TestSql,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<TestCluster> {
    const databaseUrl = await createTestDatabase();
    const env = clusterEnv(databaseUrl, overrides);
    return new TestCluster(env, createPostgresStore(databaseUrl, { poolSize: 4 }), new TestSql(databaseUrl));
  }

  /**
   * A cluster with everything running: the API, the scheduler and one worker per entry of `workers`
   * (each that worker's command-line arguments), for files whose tests only submit studies.
   */
  static async started(workers: readonly string[][], overrides: Record<string, string> = {}): Promise<TestCluster> {
    const cluster = await TestCluster.create(overrides);
    await cluster.startApi();
    cluster.startScheduler();
    await Promise.all(workers.map((args) => cluster.startWorker(args)));
    return cluster;
  }

  async startApi(): Promise<string> {
    const { proc, url } = await startApi(this.env);
    this.processes.push(proc);
    this.apiUrl = url;
    registerApiStore(url, this.store);
    return url;
  }

  startScheduler(): AppProcess {
    const proc = startApp("scheduler", this.env);
    this.processes.push(proc);
    return proc;
  }

  async startWorker(args: string[] = []): Promise<AppProcess> {
    const proc = startApp("worker", this.env, args);
    this.processes.push(proc);
    // Loading TensorFlow.js and registering kernels makes a worker the slowest process to start.
    await proc.waitForLine(/worker ready/, 120_000);
    return proc;
  }

  async submit(spec: unknown): Promise<{ id: number }> {
    const res = await fetch(`${this.apiUrl}/v1/studies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(spec),
    });
    if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: number };
  }

  /** Waits for a study's status; on time-out says where it got stuck: its trials and each process's last lines. */
  async waitForStatus(id: number, status: string, timeoutMs: number): Promise<void> {
    try {
      await waitFor(
        async () => (await this.store.study(id)).status === status,
        timeoutMs,
        `study ${id} to be ${status}`,
      );
    } catch (error) {
      const trials = (await this.trials(id)).map(({ number, state, attempt, workerId }) => ({
        number,
        state,
        attempt,
        workerId,
      }));
      const logs = this.processes.map((p) => p.output.slice(-10).join("\n")).join("\n---\n");
      throw new Error(`${(error as Error).message}\ntrials: ${JSON.stringify(trials)}\n${logs}`);
    }
  }

  /** Every trial of a study, in number order. */
  async trials(studyId: number): Promise<TrialRow[]> {
    return (await this.store.trialPage(studyId, { offset: 0, limit: 1_000_000 })).trials;
  }

  /** A trial's reports with the attempt that wrote each, by step. */
  async reports(trialId: number): Promise<{ step: number; attempt: number; value: number }[]> {
    return this.sql.rows("SELECT step, attempt, value FROM intermediate_values WHERE trial_id = $1 ORDER BY step", [
      trialId,
    ]);
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop("SIGTERM")));
    await this.store.close();
    await this.sql.close();
  }
}
