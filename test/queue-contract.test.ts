import {
  createQueueBackend,
  type QueueBackend,
  type QueueConnection,
  TRIAL_QUEUE,
  TrialConsumer,
  type TrialJob,
  TrialQueue,
} from "@rectune/queue";
import type { Accelerator } from "@rectune/spec";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, testQueuePrefix } from "./helpers/db.js";
import { waitFor } from "./helpers/processes.js";

/** Short locks, so that a dead worker's job lapses within a second. */
const FAST = { concurrency: 2, lockDurationMs: 1_000, stalledIntervalMs: 300 } as const;

const redisUrl = inject("redisUrl");

const backends: { name: string; skip: boolean; connection: () => Promise<QueueConnection> }[] = [
  {
    // This backend's suite needs a Redis: without one (a machine with only Node) it is skipped, saying why.
    name: redisUrl ? "redis" : "redis (skipped: no Redis answers; the PostgreSQL backend's suite runs instead)",
    skip: redisUrl === null,
    connection: async () => ({ kind: "redis", url: redisUrl ?? "", prefix: testQueuePrefix() }),
  },
  {
    name: "postgres",
    skip: false,
    connection: async () => ({
      kind: "postgres",
      connectionString: await createTestDatabase(),
      schema: "contract_queue",
    }),
  },
];

const job = (trialId: number, attempt = 0): TrialJob => ({ trialId, studyId: 1, attempt, accelerator: "any" });

for (const { name, skip, connection } of backends)
  describe.skipIf(skip)(`the trial queue contract on ${name}`, () => {
    let config: QueueConnection;
    const opened: { close(): Promise<unknown> }[] = [];
    let seen = 0;

    /** Every test gets its own backend and trial ids, so no job of one test reaches another's worker. */
    const open = (): { backend: QueueBackend; queue: TrialQueue } => {
      const backend = createQueueBackend(config);
      const queue = new TrialQueue(backend);
      opened.push(queue, backend);
      return { backend, queue };
    };
    const consume = (
      backend: QueueBackend,
      handler: (job: TrialJob) => Promise<void>,
      accelerators?: readonly Accelerator[],
    ) => {
      const consumer = new TrialConsumer(backend, handler, { ...FAST, ...(accelerators ? { accelerators } : {}) });
      opened.unshift(consumer);
      return consumer;
    };
    const freshIds = (n: number) => Array.from({ length: n }, () => ++seen + Math.floor(Math.random() * 1e6) * 1000);

    beforeAll(async () => {
      config = await connection();
    });

    afterEach(async () => {
      for (const o of opened.splice(0)) await o.close();
    });

    it("puts each job on its capability's queue; a worker takes only the queues it serves, within one concurrency", async () => {
      const { backend, queue } = open();
      const [g, c, a1, a2, a3] = freshIds(5) as [number, number, number, number, number];
      await queue.enqueue([
        { ...job(g), accelerator: "gpu" },
        { ...job(c), accelerator: "cpu" },
        job(a1),
        job(a2),
        job(a3),
      ]);
      expect(await queue.backlog()).toEqual({ gpu: 1, cpu: 1, any: 3 });
      const ran: number[] = [];
      let running = 0;
      let most = 0;
      const cpuWorker = consume(
        backend,
        async (j) => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 100));
          ran.push(j.trialId);
          running--;
        },
        ["cpu", "any"],
      );
      await cpuWorker.waitUntilReady();
      await waitFor(async () => ran.length === 4, 15_000, "the cpu and any jobs to run");
      await new Promise((r) => setTimeout(r, 300));
      expect(ran.sort()).toEqual([c, a1, a2, a3].sort());
      // One fetch per queue may be under way when the worker pauses (see TrialConsumer.balance).
      expect(most).toBeLessThanOrEqual(FAST.concurrency + 1);
      expect(await queue.backlog()).toEqual({ gpu: 1, cpu: 0, any: 0 });
      const gpuRan: number[] = [];
      const gpuWorker = consume(backend, async (j) => void gpuRan.push(j.trialId), ["gpu", "any"]);
      await gpuWorker.waitUntilReady();
      await waitFor(async () => gpuRan.length === 1, 10_000, "the gpu job to run");
      expect(gpuRan).toEqual([g]);
    });

    it("enqueueing the same attempt twice runs it once; the next attempt of that trial is a job of its own", async () => {
      const { backend, queue } = open();
      const [a, b] = freshIds(2) as [number, number];
      await queue.enqueue([job(a), job(b)]);
      await queue.enqueue([job(a), job(a)]);
      expect((await queue.counts()).waiting).toBe(2);
      const ran: string[] = [];
      const consumer = consume(backend, async (j) => void ran.push(`${j.trialId}-${j.attempt}`));
      await consumer.waitUntilReady();
      await waitFor(async () => ran.length === 2, 10_000, "both jobs to run");
      await queue.enqueue([job(a, 1)]);
      await waitFor(async () => ran.length === 3, 10_000, "the second attempt to run");
      await new Promise((r) => setTimeout(r, 300));
      expect(ran.sort()).toEqual([`${a}-0`, `${a}-1`, `${b}-0`].sort());
    });

    it("a job whose worker died is dropped once its lock lapses, never run twice, and its retry reaches a live worker", async () => {
      const { backend, queue } = open();
      const [t] = freshIds(1) as [number];
      let taken = 0;
      const dying = consume(backend, () => {
        taken++;
        return new Promise<void>(() => {});
      });
      await dying.waitUntilReady();
      await queue.enqueue([job(t)]);
      await waitFor(async () => taken === 1, 10_000, "the first worker to take the job");
      // Force-closing stops the lock renewals without finishing or releasing the job: a killed process.
      await dying.close(true);

      const ran: TrialJob[] = [];
      const survivor = consume(createQueueBackend(config), async (j) => void ran.push(j));
      await survivor.waitUntilReady();
      // The stalled job is failed, not redelivered (the store's heartbeat decides retries, not the lock).
      await waitFor(async () => (await queue.counts()).active === 0, 15_000, "the dead worker's job to lapse");
      expect(ran).toEqual([]);
      // What the scheduler does for a reaped trial: enqueue its next attempt.
      await queue.enqueue([job(t, 1)]);
      await waitFor(async () => ran.length === 1, 10_000, "the retry to run");
      expect(ran).toEqual([job(t, 1)]);
    });

    it("a malformed payload fails on dequeue without reaching the handler or being retried", async () => {
      const { backend, queue } = open();
      const [t] = freshIds(1) as [number];
      const raw = backend.createQueue<unknown>(TRIAL_QUEUE, {
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 3 },
      });
      opened.unshift(raw);
      const ran: TrialJob[] = [];
      const failures: string[] = [];
      const consumer = consume(backend, async (j) => void ran.push(j));
      consumer.on("failed", (_id, error) => failures.push(error.message));
      await consumer.waitUntilReady();
      await raw.add("trial", { trialId: "seven", studyId: 1 }, { jobId: `bad-${t}` });
      await queue.enqueue([job(t)]);
      await waitFor(
        async () => ran.length === 1 && failures.length === 1,
        10_000,
        "the valid job to run and the bad one to fail",
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(ran).toEqual([job(t)]);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/invalid trial job bad-\d+/);
    });
  });
