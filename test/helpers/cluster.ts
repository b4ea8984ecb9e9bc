import { createStore, type Store } from "@rectune/store";
import { createTestDatabase, testQueuePrefix } from "./db.js";
import { type AppProcess, startApi, startApp, waitFor } from "./processes.js";
import { inject } from "vitest";

/** A whole cluster for one test file: own database, own queue prefix, real processes. */
export class TestCluster {
  readonly processes: AppProcess[] = [];
  apiUrl = "";

  private constructor(
    readonly env: Record<string, string>,
    readonly store: Store,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<TestCluster> {
    const databaseUrl = await createTestDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject("redisUrl"),
      RECTUNE_QUEUE_PREFIX: testQueuePrefix(),
      RECTUNE_HEARTBEAT_MS: "300",
      RECTUNE_STALE_AFTER_MS: "2000",
      RECTUNE_SHUTDOWN_GRACE_MS: "2000",
      RECTUNE_SCHEDULER_TICK_MS: "50",
      ...overrides,
    };
    return new TestCluster(env, createStore(databaseUrl, { poolSize: 4 }));
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
        async () => (await this.store.studies.get(id)).status === status,
        timeoutMs,
        `study ${id} to be ${status}`,
      );
    } catch (error) {
      const trials = await this.store.db.trial.findMany({
        where: { studyId: id },
        select: { number: true, state: true, attempt: true, workerId: true },
      });
      const logs = this.processes.map((p) => p.output.slice(-10).join("\n")).join("\n---\n");
      throw new Error(`${(error as Error).message}\ntrials: ${JSON.stringify(trials)}\n${logs}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop("SIGTERM")));
    await this.store.close();
  }
}
