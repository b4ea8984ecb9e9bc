import { SchedulerLoop } from "@rectune/scheduling";
import { createStore, type Store } from "@rectune/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";
import { completeTrials, countingStore, RecordingQueue, sleepSpec } from "./helpers/lifecycle.js";

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PARALLELISM = 8;
const ROUNDS = 5;

/**
 * Seeds a study with `finished` completed trials, lets a scheduler load it, then runs ROUNDS rounds of
 * "the trials in flight finish, the scheduler asks for the next ones" and returns the scheduler's store
 * statements per asked trial in those rounds.
 */
async function queriesPerAsk(databaseUrl: string, workers: Store, finished: number): Promise<number> {
  const study = await workers.studies.create(sleepSpec(finished + PARALLELISM * (ROUNDS + 2), PARALLELISM));
  const seeded = await workers.trials.create(
    study.id,
    Array.from({ length: finished }, (_, i) => ({ params: { x: i / finished, lr: 0.01, opt: "adam" } })),
  );
  await completeTrials(
    workers,
    seeded.map((t) => t.id),
  );

  const { store, queries } = countingStore(databaseUrl);
  const queue = new RecordingQueue();
  const loop = new SchedulerLoop({
    store,
    queue: queue.asQueue(),
    logger: silent,
    tickMs: 10,
    staleAfterMs: 60_000,
    reconcileEveryMs: 3_600_000,
    studyListEveryMs: 3_600_000,
  });
  try {
    expect(await loop.pass()).toBe(PARALLELISM); // loads the history once, asks for the first batch
    const before = queries();
    let asked = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await completeTrials(
        workers,
        queue.jobs.splice(0).map((j) => j.trialId),
      );
      asked += await loop.pass();
    }
    expect(asked).toBe(PARALLELISM * ROUNDS);
    return (queries() - before) / asked;
  } finally {
    // The next measurement's scheduler must see only its own study.
    await workers.studies.stop(study.id);
    await store.close();
  }
}

describe("asking costs the same number of store statements at any study size", () => {
  let databaseUrl: string;
  let workers: Store;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    workers = createStore(databaseUrl, { poolSize: 8 });
  });

  afterAll(async () => {
    await workers?.close();
  });

  it("statements per ask are equal with 100 and with 1,000 finished trials, and a batch costs a few", async () => {
    const at100 = await queriesPerAsk(databaseUrl, workers, 100);
    const at1000 = await queriesPerAsk(databaseUrl, workers, 1000);
    expect(at1000).toBe(at100);
    // Per pass: one statement for what changed in flight, one insert for the whole new batch.
    expect(at100).toBe(2 / PARALLELISM);
  });
});
