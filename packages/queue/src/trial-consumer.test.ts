import { describe, expect, it } from "vitest";
import type { QueueBackend } from "./queue-backend.js";
import type { TrialJob } from "./jobs.js";
import { TrialConsumer } from "./trial-consumer.js";

/**
 * A backend whose worker runs one job through the consumer's processor and whose own close resolves
 * only when told to (BullMQ's can hang on its blocking connection: taskforcesh/bullmq#4065).
 */
function fakeBackend(libraryCloses: boolean) {
  let processor: ((job: { id: string; data: unknown }) => Promise<void>) | undefined;
  const backend = {
    createWorker: (_name: string, p: typeof processor) => {
      processor = p;
      return { close: () => (libraryCloses ? Promise.resolve() : new Promise<void>(() => {})), on: () => {} };
    },
  } as unknown as QueueBackend;
  const job: TrialJob = { studyId: 1, trialId: 2, attempt: 0 } as unknown as TrialJob;
  return { backend, runJob: () => processor?.({ id: "2", data: job }) };
}

describe("TrialConsumer.close", () => {
  it("waits for the running handler, then gives up on a library close that never ends", async () => {
    const { backend, runJob } = fakeBackend(false);
    let finish: () => void = () => {};
    const events: string[] = [];
    const consumer = new TrialConsumer(
      backend,
      () =>
        new Promise<void>(
          (resolve) =>
            (finish = () => {
              events.push("handler done");
              resolve();
            }),
        ),
      { concurrency: 1 },
    );
    const job = runJob();
    const closed = consumer.close(false, 50).then((settled) => events.push(`closed ${settled}`));
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual([]); // the handler still runs: close waits for it, not for the 50 ms
    finish();
    await closed;
    await job;
    expect(events).toEqual(["handler done", "closed false"]);
  });

  it("reports a library close that ends", async () => {
    const { backend } = fakeBackend(true);
    const consumer = new TrialConsumer(backend, async () => {}, { concurrency: 1 });
    expect(await consumer.close(false, 1_000)).toBe(true);
  });
});
