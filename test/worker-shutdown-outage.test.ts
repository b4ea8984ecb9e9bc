import { parseStudySpec } from "@rectune/spec";
import { startEmbeddedPostgres } from "@rectune/embedded";
import { createPostgresStore, migrateDatabase, type Store } from "@rectune/store";
import { afterAll, describe, expect, it } from "vitest";
import { clusterEnv } from "./helpers/cluster.js";
import { type AppProcess, startApp, waitFor } from "./helpers/processes.js";
import { startTestPostgres } from "./setup/services.js";

describe("a worker stopped during a store outage", () => {
  const processes: AppProcess[] = [];
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await cleanup?.();
  });

  it("exits once its grace period is over; its trial is left RUNNING for the reaper, never FAILED", async () => {
    // A PostgreSQL server of this test's own, which it stops (the shared one is never touched).
    const postgres = await startTestPostgres();
    cleanup = postgres.remove;
    const databaseUrl = postgres.server.databaseUrl.replace(/\/[^/]*$/, "/outage");
    await migrateDatabase(databaseUrl, { env: process.env });
    const env = clusterEnv(databaseUrl, { RECTUNE_STALE_AFTER_MS: "60000", RECTUNE_SHUTDOWN_GRACE_MS: "1000" });
    let store: Store = createPostgresStore(databaseUrl, { poolSize: 2 });
    const study = await store.createStudy(
      parseStudySpec({
        name: "one long trial",
        objective: { metric: "value", direction: "minimize" },
        target: { kind: "function", name: "sleep", durationMs: 600_000 },
        space: { x: { type: "float", low: 0, high: 1 } },
        strategy: { sampler: "random", maxTrials: 1, parallelism: 1 },
      }),
    );
    const scheduler = startApp("scheduler", env);
    const worker = startApp("worker", env);
    processes.push(scheduler, worker);
    await waitFor(
      async () => ((await store.trial(study.id, 0).catch(() => undefined))?.state === "RUNNING" ? true : undefined),
      120_000,
      "the trial running on the worker",
    );
    // Nothing may reap or reschedule the trial while the store is down and after: only the worker acts.
    await scheduler.stop();
    await store.close();
    await postgres.server.stop();

    // The trial's hand-back cannot reach the store: the worker gives up after its grace period and exits.
    const killedAt = performance.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exit()).toBe(0);
    // Bounded by its 1 s grace, not by the outage (which lasts until the worker is gone): a generous 30 s,
    // so a worker that waits on the store fails here rather than at the test's timeout.
    expect((performance.now() - killedAt) / 1000).toBeLessThan(30);
    expect(worker.output.some((l) => l.includes("worker stopped"))).toBe(true);

    const restarted = await startEmbeddedPostgres({ dir: postgres.server.dir, port: postgres.server.port });
    cleanup = async () => {
      await restarted.stop();
      await postgres.remove();
    };
    store = createPostgresStore(databaseUrl, { poolSize: 2 });
    try {
      const trial = await store.trial(study.id, 0);
      // A check of the setup as much as of the worker: nothing could write the trial while the store was down.
      expect([trial.state, trial.error, trial.attempt]).toEqual(["RUNNING", null, 1]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
