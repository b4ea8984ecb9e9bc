import { describe, expect, it } from "vitest";
import { DelayedError } from "bullmq";
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

describe("TrialConsumer slots", () => {
  /** A backend whose one worker runs the jobs it is given through the consumer's processor. */
  function slotBackend() {
    let processor: ((job: unknown, token?: string) => Promise<void>) | undefined;
    const paused: boolean[] = [];
    const backend = {
      createWorker: (_name: string, p: typeof processor) => {
        processor = p;
        return {
          close: () => Promise.resolve(),
          on: () => {},
          pause: async () => void paused.push(true),
          resume: () => void paused.push(false),
        };
      },
    } as unknown as QueueBackend;
    const moved: [number, string | undefined][] = [];
    const run = (trialId: number) =>
      processor!(
        {
          id: String(trialId),
          data: { studyId: 1, trialId, attempt: 0 },
          moveToDelayed: async (at: number, token?: string) => void moved.push([at, token]),
        },
        `token-${trialId}`,
      );
    return { backend, run, paused, moved };
  }

  it("runs cpus:2 trials one at a time on 2 slots, and stops fetching while the slots are taken", async () => {
    const { backend, run, paused } = slotBackend();
    let inFlight = 0;
    let maxInFlight = 0;
    const finish: (() => void)[] = [];
    const consumer = new TrialConsumer(
      backend,
      () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return new Promise<void>((resolve) => finish.push(() => (inFlight--, resolve())));
      },
      { concurrency: 2, placement: async () => ({ slots: 2 }) },
    );
    const jobs = [run(1), run(2)];
    await new Promise((r) => setImmediate(r));
    expect([inFlight, paused]).toEqual([1, [true]]);
    finish.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(inFlight).toBe(1); // the second one, after the first
    finish.shift()!();
    await Promise.all(jobs);
    expect(maxInFlight).toBe(1);
    expect(paused.at(-1)).toBe(false);
    await consumer.close();
  });

  it("hands a job it can never run back to its queue, delayed, without running it", async () => {
    const { backend, run, moved } = slotBackend();
    const handed: string[] = [];
    let ran = false;
    const consumer = new TrialConsumer(
      backend,
      async () => {
        ran = true;
      },
      {
        concurrency: 2,
        placement: async () => ({ elsewhere: "needs 4 cpus and the worker has 2 slot(s)" }),
        handBackDelayMs: 60_000,
        onHandBack: (job, reason) => handed.push(`${job.trialId}: ${reason}`),
      },
    );
    const before = Date.now();
    await expect(run(7)).rejects.toThrow(DelayedError);
    expect(ran).toBe(false);
    expect(handed).toEqual(["7: needs 4 cpus and the worker has 2 slot(s)"]);
    expect(moved[0]?.[1]).toBe("token-7");
    expect(moved[0]![0]).toBeGreaterThanOrEqual(before + 60_000);
    await consumer.close();
  });

  it("does not start a job placed after the worker began stopping, though its slots were free: it goes back", async () => {
    const { backend, run } = slotBackend();
    let ran = false;
    let placed: (() => void) | undefined;
    const handed: string[] = [];
    const consumer = new TrialConsumer(
      backend,
      async () => {
        ran = true;
      },
      {
        concurrency: 2,
        // The study's resources are being read when the stop begins.
        placement: () => new Promise((resolve) => (placed = () => resolve({ slots: 1 }))),
        onHandBack: (job, reason) => handed.push(`${job.trialId}: ${reason}`),
      },
    );
    const job = run(5);
    await new Promise((r) => setImmediate(r));
    const closed = consumer.close();
    placed!();
    await expect(job).rejects.toThrow(DelayedError);
    await closed;
    expect([ran, handed]).toEqual([false, ["5: the worker is stopping"]]);
  });
});
