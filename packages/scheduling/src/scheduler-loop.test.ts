import { InProcessTrialQueue, type TrialJob } from "@rectune/queue";
import { functionObjective, type Objective, TrialRunner } from "@rectune/runner";
import { parseStudySpec } from "@rectune/spec";
import { createMemoryStore, type StudyLedger } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { type SchedulerLedger, SchedulerLoop } from "./scheduler-loop.js";
import { completeTrials, RecordingQueue, silentLogger, sleepSpec } from "./testing/fixtures.js";

const STEPS = 27;
const curveStudy = parseStudySpec({
  name: "asha curve in process",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: STEPS },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: {
    sampler: { name: "random" },
    maxTrials: 30,
    parallelism: 4,
    seed: 5,
    pruner: { name: "asha", minResource: 1, maxResource: STEPS, reductionFactor: 3 },
  },
});
const curve: Objective["run"] = (() => {
  if (curveStudy.target.kind !== "function") throw new Error("a function target");
  return functionObjective(curveStudy.target).run;
})();

/** Drives the loop pass by pass, letting the queue drain in between, until the study ends. */
async function runToEnd(loop: SchedulerLoop, queue: InProcessTrialQueue, ledger: StudyLedger, studyId: number) {
  for (let pass = 0; pass < 1_000; pass++) {
    await loop.pass();
    await queue.idle();
    if ((await ledger.runningStudies()).every((s) => s.id !== studyId)) return pass;
  }
  throw new Error("the study did not end in 1,000 passes");
}

/** Counts every call made through a store interface (what a pass costs the store, whatever stores it). */
function counting<T extends object>(target: T): { proxy: T; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { proxy, calls: () => calls };
}

describe("the scheduler and the trial runner in one process, on the in-memory store", () => {
  it("runs an ASHA study of the curve target to completion: parallelism kept, trials pruned at rungs, study COMPLETED", async () => {
    const store = createMemoryStore();
    const runner = new TrialRunner({
      lease: store,
      workerId: "in-process",
      resolveObjective: () => ({ run: curve }),
      logger: silentLogger,
    });
    let inflight = 0;
    let most = 0;
    const queue = new InProcessTrialQueue(async (job: TrialJob) => {
      most = Math.max(most, ++inflight);
      await runner.run(job);
      inflight--;
    }, 4);
    const loop = new SchedulerLoop({ ledger: store, queue, logger: silentLogger, tickMs: 1, staleAfterMs: 60_000 });
    const study = await store.createStudy(curveStudy);
    await runToEnd(loop, queue, store, study.id);

    const done = await store.studySummary(study.id);
    expect([done.study.status, done.study.trialCount]).toEqual(["COMPLETED", 30]);
    expect(done.counts.WAITING + done.counts.RUNNING + done.counts.FAILED).toBe(0);
    expect(done.counts.PRUNED).toBeGreaterThan(10);
    expect(most).toBe(4);
    const { trials } = await store.trialPage(study.id, { offset: 0, limit: 100 });
    for (const t of trials) {
      if (t.state === "PRUNED") expect([1, 3, 9]).toContain(t.lastStep);
      else expect([t.state, t.lastStep]).toEqual(["COMPLETE", STEPS]);
    }
    // The best trial by its final value was never pruned.
    expect(done.bestTrial?.state).toBe("COMPLETE");
    expect(trials.every((t) => t.strategy?.pruner === "asha" && t.strategy.sampler === "random")).toBe(true);
  });

  it("reaps a trial whose worker went silent, retries it, and refuses the lost attempt's late result", async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const spec = sleepSpec(6, 2);
    const study = await store.createStudy(spec);
    // The first trial's worker hangs (a lost machine): it never heartbeats and finishes only when told.
    let release: () => void = () => {};
    const hung: Objective["run"] = () =>
      new Promise((resolve) => {
        release = () => resolve({ metrics: { value: 42 } });
      });
    const lost = new TrialRunner({
      lease: store,
      workerId: "lost",
      resolveObjective: () => ({ run: hung }),
      logger: silentLogger,
    });
    const healthy = new TrialRunner({
      lease: store,
      workerId: "healthy",
      resolveObjective: (target) => (target.kind === "function" ? functionObjective(target) : { run: hung }),
      logger: silentLogger,
    });
    let lostRun: Promise<void> | undefined;
    const queue = new InProcessTrialQueue(async (job) => {
      if (job.attempt === 0 && lostRun === undefined) {
        lostRun = lost.run(job);
        return;
      }
      await healthy.run(job);
    }, 2);
    const loop = new SchedulerLoop({
      ledger: store,
      queue,
      logger: silentLogger,
      tickMs: 1,
      staleAfterMs: 15_000,
      reconcileEveryMs: 0,
    });
    await loop.pass();
    await queue.idle();
    const lostTrial = (await store.trialPage(study.id, { offset: 0, limit: 10 })).trials.find(
      (t) => t.workerId === "lost",
    );
    expect(lostTrial?.state).toBe("RUNNING");
    // 20 s of silence by the store's clock: the next pass reaps it and enqueues its second attempt.
    now += 20_000;
    await runToEnd(loop, queue, store, study.id);
    const retried = await store.trial(study.id, lostTrial!.number);
    expect([retried.state, retried.attempt, retried.workerId]).toEqual(["COMPLETE", 2, "healthy"]);
    // The lost worker comes back with a result: its attempt no longer holds the trial.
    release();
    await lostRun;
    expect((await store.trial(study.id, lostTrial!.number)).values).toEqual(retried.values);
    expect(retried.values).not.toEqual([42]);
    expect((await store.study(study.id)).status).toBe("COMPLETED");
  });

  it("runs a trial a user enqueued and a budget raised while the study runs, logging no error", async () => {
    const store = createMemoryStore();
    const queue = new RecordingQueue();
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: object) => errors.push(obj) };
    const loop = new SchedulerLoop({
      ledger: store,
      queue,
      logger,
      tickMs: 5,
      staleAfterMs: 60_000,
      studyListEveryMs: 0,
    });
    const study = await store.createStudy(sleepSpec(3, 1));
    await loop.pass();
    expect(queue.jobs).toHaveLength(1);
    // What POST /v1/studies/:id/trials does: a WAITING trial created outside the scheduler.
    const [enqueued] = await store.createTrials(study.id, [
      { params: { x: 1, lr: 0.01, opt: "sgd" }, strategy: { sampler: "enqueued" } },
    ]);
    await completeTrials(store, [queue.jobs[0]!.trialId]);
    await loop.pass();
    expect(queue.jobs.map((j) => j.trialId)).toContain(enqueued!.id);
    await store.setMaxTrials(study.id, 4);
    await completeTrials(store, [enqueued!.id]);
    for (let i = 0; i < 6; i++) {
      await loop.pass();
      const waiting = (await store.unfinishedTrials(study.id)).filter((t) => t.state === "WAITING").map((t) => t.id);
      await completeTrials(store, waiting);
    }
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    expect((await store.trialPage(study.id, { offset: 0, limit: 10 })).total).toBe(4);
    expect(errors).toEqual([]);
  });

  it("costs the same store calls per asked trial with 100 and with 1,000 finished trials", async () => {
    const PARALLELISM = 8;
    const ROUNDS = 5;
    const callsPerAsk = async (finished: number) => {
      const store = createMemoryStore();
      const study = await store.createStudy(sleepSpec(finished + PARALLELISM * (ROUNDS + 2), PARALLELISM));
      const seeded = await store.createTrials(
        study.id,
        Array.from({ length: finished }, (_, i) => ({ params: { x: i / finished, lr: 0.01, opt: "adam" } })),
      );
      await completeTrials(
        store,
        seeded.map((t) => t.id),
      );
      const { proxy: ledger, calls } = counting<SchedulerLedger>(store);
      const queue = new RecordingQueue();
      const loop = new SchedulerLoop({
        ledger,
        queue,
        logger: silentLogger,
        tickMs: 10,
        staleAfterMs: 60_000,
        reconcileEveryMs: 3_600_000,
        studyListEveryMs: 3_600_000,
      });
      expect(await loop.pass()).toBe(PARALLELISM); // loads the history once, asks for the first batch
      const before = calls();
      let asked = 0;
      for (let round = 0; round < ROUNDS; round++) {
        await completeTrials(
          store,
          queue.jobs.splice(0).map((j) => j.trialId),
        );
        asked += await loop.pass();
      }
      expect(asked).toBe(PARALLELISM * ROUNDS);
      return (calls() - before) / asked;
    };
    const at100 = await callsPerAsk(100);
    expect(await callsPerAsk(1_000)).toBe(at100);
    // Per pass: one read of what changed in flight, one creation of the whole new batch.
    expect(at100).toBe(2 / PARALLELISM);
  });
});
