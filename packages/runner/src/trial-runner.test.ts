import { parseStudySpec, type StudySpecInput } from "@rectune/spec";
import { createMemoryStore, type Store, type TrialLease } from "@rectune/store";
import { curveObjective } from "@rectune/search";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { functionObjective } from "./function-objectives.js";
import type { Objective, ObjectiveContext, StepVerdict } from "./objective.js";
import { TrialRunner } from "./trial-runner.js";

const STEPS = 9;
const curveSpec = (strategy: Partial<StudySpecInput["strategy"]> = {}) =>
  parseStudySpec({
    name: "curve",
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "function", name: "curve", steps: STEPS },
    space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
    strategy: { maxTrials: 20, pruner: "none", ...strategy },
  });

/** Log lines by message, to assert on what the runner says it did. */
function recordingLogger() {
  const lines: { msg: string; obj: object }[] = [];
  const log = (obj: object, msg: string) => void lines.push({ msg, obj });
  return { lines, logger: { debug: log, info: log, warn: log, error: log } };
}

const curve = (spec: ReturnType<typeof curveSpec>): Objective["run"] => {
  if (spec.target.kind !== "function") throw new Error("a function target");
  return functionObjective(spec.target).run;
};

/** Worker "w" running the curve objective of `spec` on `lease`. */
const curveRunner = (lease: TrialLease, spec: ReturnType<typeof curveSpec>): TrialRunner =>
  new TrialRunner({ lease, workerId: "w", resolveObjective: () => ({ run: curve(spec) }), ...recordingLogger() });

describe("TrialRunner on the in-memory store", () => {
  let store: Store;

  beforeEach(() => {
    store = createMemoryStore();
  });

  async function trialOf(spec: ReturnType<typeof curveSpec>, params = { x: 0.3, lr: 0.01 }) {
    const study = await store.createStudy(spec);
    const [created] = await store.createTrials(study.id, [{ params }]);
    return { studyId: study.id, job: { trialId: created!.id, studyId: study.id, attempt: 0 } };
  }

  it("runs a trial: claims it, reports every step, records the final value under its attempt", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    const runner = curveRunner(store, spec);
    await runner.run(job);
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.workerId, trial.lastStep]).toEqual(["COMPLETE", 1, "w", STEPS]);
    expect(trial.values).toEqual([curveObjective({ x: 0.3, lr: 0.01 }, STEPS)]);
    expect([...(await store.reports(job.trialId)).keys()]).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    // A duplicate job of a finished trial does nothing.
    await runner.run(job);
    expect((await store.trial(studyId, 0)).attempt).toBe(1);
  });

  it("prunes by the study's pruner from the other trials' reports, keeping the last reported value", async () => {
    const spec = curveSpec({ pruner: { name: "median", minTrials: 1 } });
    const study = await store.createStudy(spec);
    // A good trial (the curve's optimum) has reported every step; a bad one comes next.
    const [good, bad] = await store.createTrials(study.id, [
      { params: { x: 0.7, lr: 0.01 } },
      { params: { x: 0, lr: 1 } },
    ]);
    const runner = curveRunner(store, spec);
    await runner.run({ trialId: good!.id, studyId: study.id, attempt: 0 });
    await runner.run({ trialId: bad!.id, studyId: study.id, attempt: 0 });
    const pruned = await store.trial(study.id, 1);
    expect([pruned.state, pruned.lastStep]).toEqual(["PRUNED", 1]);
    expect(pruned.values).toEqual([curveObjective({ x: 0, lr: 1 }, 1)]);
    expect((await store.trial(study.id, 0)).state).toBe("COMPLETE");
  });

  it("never prunes a trial at its last step (a closed-form model's only one): it completes with that value", async () => {
    const spec = curveSpec({ pruner: { name: "median", minTrials: 1 } });
    const study = await store.createStudy(spec);
    const [good, oneStep] = await store.createTrials(study.id, [
      { params: { x: 0.7, lr: 0.01 } },
      { params: { x: 0, lr: 1 } },
    ]);
    const runner = (objective: Objective["run"]) =>
      new TrialRunner({
        lease: store,
        workerId: "w",
        resolveObjective: () => ({ run: objective }),
        ...recordingLogger(),
      });
    await runner(curve(spec)).run({ trialId: good!.id, studyId: study.id, attempt: 0 });
    // Worse than the median at step 1, but step 1 is all it reports.
    const closedForm: Objective["run"] = async ({ report }) => {
      expect(await report(1, { value: 99 }, { last: true })).toBe("continue");
      return { metrics: { value: 99 } };
    };
    await runner(closedForm).run({ trialId: oneStep!.id, studyId: study.id, attempt: 0 });
    const trial = await store.trial(study.id, 1);
    expect([trial.state, trial.values]).toEqual(["COMPLETE", [99]]);
  });

  it("gives a trial whose objective throws another attempt, then FAILs it with the error's message", async () => {
    const spec = curveSpec({ maxAttempts: 2 });
    const { studyId, job } = await trialOf(spec);
    const broken: Objective["run"] = async () => {
      throw new Error("out of luck at epoch 2");
    };
    const runner = new TrialRunner({
      lease: store,
      workerId: "w",
      resolveObjective: () => ({ run: broken }),
      ...recordingLogger(),
    });
    await runner.run(job);
    const retried = await store.trial(studyId, 0);
    expect([retried.state, retried.attempt, retried.error]).toEqual(["WAITING", 1, "out of luck at epoch 2"]);
    await runner.run({ ...job, attempt: 1 });
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.error]).toEqual(["FAILED", 2, "out of luck at epoch 2"]);
  });

  it("FAILs a trial at once on a configuration error (a parameter the target cannot take)", async () => {
    const spec = curveSpec({ maxAttempts: 3 });
    const { studyId, job } = await trialOf(spec, { x: 0.3 } as never);
    await curveRunner(store, spec).run(job);
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.error]).toEqual([
      "FAILED",
      1,
      'synthetic objective needs a numeric parameter "lr"',
    ]);
  });

  it("keeps a finished result through store outages: the fenced write is retried until it lands", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    const outage = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    let failures = 0;
    // Every report and the result fail twice with a transient error before going through.
    const flaky: Store = {
      ...store,
      report: async (...args) => (failures++ % 3 < 2 ? Promise.reject(outage) : store.report(...args)),
      finish: async (...args) =>
        failures++ % 3 < 2 ? Promise.reject(new Error("Connection terminated unexpectedly")) : store.finish(...args),
    };
    const { lines, logger } = recordingLogger();
    await new TrialRunner({ lease: flaky, workerId: "w", resolveObjective: () => ({ run: curve(spec) }), logger }).run(
      job,
    );
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.error, trial.lastStep]).toEqual(["COMPLETE", 1, null, STEPS]);
    expect(trial.values).toEqual([curveObjective({ x: 0.3, lr: 0.01 }, STEPS)]);
    expect(lines.filter((l) => l.msg === "store unreachable; retrying").length).toBe(2 * (STEPS + 1));
  });

  it("runs a trial whose claim committed but whose answer was lost: the retry finds it held by this worker", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    let claims = 0;
    // The first claim commits, then its connection drops before the answer arrives.
    const dropped: Store = {
      ...store,
      claim: async (...args) => {
        const claimed = await store.claim(...args);
        if (claims++ === 0) throw Object.assign(new Error("Connection terminated unexpectedly"), { claimed });
        return claimed;
      },
    };
    const runner = curveRunner(dropped, spec);
    await runner.run(job);
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.workerId, trial.lastStep]).toEqual(["COMPLETE", 1, "w", STEPS]);
    expect(claims).toBe(2);
    // Another worker's retried claim of a trial "w" holds does not take it for its own.
    const [other] = await store.createTrials(studyId, [{ params: { x: 0.5, lr: 0.01 } }]);
    await store.claim(other!.id, "w");
    claims = 0;
    let ran = false;
    const elsewhere = new TrialRunner({
      lease: dropped,
      workerId: "w2",
      resolveObjective: () => ({ run: async () => ((ran = true), { metrics: { value: 1 } }) }),
      ...recordingLogger(),
    });
    await elsewhere.run({ ...job, trialId: other!.id });
    expect([ran, (await store.trial(studyId, 1)).state]).toEqual([false, "RUNNING"]);
  });

  it("runs a trial once when a duplicate job arrives while its claim is in flight", async () => {
    const spec = curveSpec();
    const { job } = await trialOf(spec);
    let claims = 0;
    // Both first tries lose their answers: without the runner's guard, both retries would find the trial its own.
    const dropped: Store = {
      ...store,
      claim: async (...args) => {
        const claimed = await store.claim(...args);
        if (claims++ < 2) throw Object.assign(new Error("Connection terminated unexpectedly"), { claimed });
        return claimed;
      },
    };
    let runs = 0;
    let duplicateSettled!: Promise<unknown>;
    const runner = new TrialRunner({
      lease: dropped,
      workerId: "w",
      // The first run holds the trial until the duplicate job has settled, so the two overlap.
      resolveObjective: () => ({
        run: async () => {
          if (runs++ === 0) await duplicateSettled;
          return { metrics: { value: 1 } };
        },
      }),
      ...recordingLogger(),
    });
    const first = runner.run(job);
    duplicateSettled = runner.run(job);
    await Promise.all([first, duplicateSettled]);
    expect(runs).toBe(1);
  });

  it("on shutdown during an outage stops retrying once told: the trial stays RUNNING for the reaper, not FAILED", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    const outage = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const down = { report: false };
    // The store goes down at the first report: that report and every later write fail.
    const failing: Store = {
      ...store,
      report: async () => ((down.report = true), Promise.reject(outage)),
      handBack: async () => Promise.reject(outage),
      finish: async () => Promise.reject(outage),
      retryLater: async () => Promise.reject(outage),
    };
    const stopRetries = new AbortController();
    const { lines, logger } = recordingLogger();
    const runner = new TrialRunner({
      lease: failing,
      workerId: "w",
      resolveObjective: () => ({ run: curve(spec) }),
      logger,
      stopRetries: stopRetries.signal,
    });
    const run = runner.run(job);
    await vi.waitFor(() => expect(lines.some((l) => l.msg === "store unreachable; retrying")).toBe(true));
    // What a stopping worker does when its grace period is over.
    runner.abortAll();
    stopRetries.abort();
    await expect(run).rejects.toThrow("terminating connection");
    const trial = await store.trial(studyId, 0);
    expect([down.report, trial.state, trial.error]).toEqual([true, "RUNNING", null]);
  });

  it("stops a trial over strategy.trialTimeoutMs and counts the attempt", async () => {
    const spec = curveSpec({ trialTimeoutMs: 30, maxAttempts: 1 });
    const { studyId, job } = await trialOf(spec);
    const slow: Objective["run"] = ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
    await new TrialRunner({
      lease: store,
      workerId: "w",
      resolveObjective: () => ({ run: slow }),
      ...recordingLogger(),
    }).run(job);
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.error]).toEqual(["FAILED", "trial exceeded strategy.trialTimeoutMs (30 ms)"]);
  });

  it("interrupts the trials of a stopped study and hands them back", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow: Objective["run"] = ({ signal }) => {
      started();
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("stop")), { once: true }),
      );
    };
    const runner = new TrialRunner({
      lease: store,
      workerId: "w",
      resolveObjective: () => ({ run: slow }),
      ...recordingLogger(),
    });
    const run = runner.run(job);
    await running;
    expect(runner.activeStudyIds()).toEqual([studyId]);
    expect(runner.interruptStudy(studyId + 1, "STOPPED")).toBe(0);
    expect(runner.interruptStudy(studyId, "STOPPED")).toBe(1);
    await run;
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.workerId]).toEqual(["WAITING", 0, null]);
  });

  it("hands its trial back on shutdown without spending the attempt", async () => {
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    let started: () => void = () => {};
    const running = new Promise<void>((r) => (started = r));
    const endless: Objective["run"] = (ctx: ObjectiveContext) =>
      new Promise((_, reject) => {
        started();
        ctx.signal.addEventListener("abort", () => reject(new Error("interrupted")));
      });
    const runner = new TrialRunner({
      lease: store,
      workerId: "w",
      resolveObjective: () => ({ run: endless }),
      ...recordingLogger(),
    });
    const run = runner.run(job);
    await running;
    expect(runner.activeTrialIds()).toEqual([job.trialId]);
    runner.abortAll();
    await run;
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.workerId]).toEqual(["WAITING", 0, null]);
  });

  it("a retried attempt resumes after the lost one's last reported checkpoint; the lost one records nothing", async () => {
    let now = 0;
    store = createMemoryStore({ now: () => now });
    const spec = curveSpec();
    const { studyId, job } = await trialOf(spec);
    // The victim freezes after its report of step 3 was stored, as a killed worker would.
    let thaw: (v: StepVerdict) => void = () => {};
    let frozen: () => void = () => {};
    const freezes = new Promise<void>((r) => (frozen = r));
    const freezing: Objective["run"] = (ctx) =>
      curve(spec)({
        ...ctx,
        report: async (step, metrics) => {
          const verdict = await ctx.report(step, metrics);
          if (step !== 3) return verdict;
          frozen();
          return new Promise<StepVerdict>((resolve) => (thaw = resolve));
        },
      });
    const victimLog = recordingLogger();
    const victim = new TrialRunner({
      lease: store,
      workerId: "victim",
      resolveObjective: () => ({ run: freezing }),
      ...victimLog,
    });
    const victimRun = victim.run(job);
    await freezes;
    now += 60_000;
    expect(await store.reapStaleTrials(30_000)).toEqual([
      { id: job.trialId, studyId, number: 0, state: "WAITING", attempt: 1 },
    ]);

    const starts: (number | null)[] = [];
    const watching: Objective["run"] = (ctx) => {
      starts.push(ctx.start?.step ?? null);
      return curve(spec)(ctx);
    };
    const survivor = new TrialRunner({
      lease: store,
      workerId: "survivor",
      resolveObjective: () => ({ run: watching }),
      ...recordingLogger(),
    });
    await survivor.run({ ...job, attempt: 1 });
    expect(starts).toEqual([3]);
    thaw("continue");
    await victimRun;
    const trial = await store.trial(studyId, 0);
    expect([trial.state, trial.attempt, trial.workerId]).toEqual(["COMPLETE", 2, "survivor"]);
    expect(trial.values).toEqual([curveObjective({ x: 0.3, lr: 0.01 }, STEPS)]);
    expect([...(await store.reports(job.trialId)).keys()]).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(victimLog.lines.map((l) => l.msg)).toContain("attempt lost its trial; result discarded");
    // Without PBT a finished trial keeps no checkpoint (while it ran, only the latest two stayed).
    const kept = await Promise.all([7, 8, 9].map((step) => store.loadCheckpoint(studyId, 0, step)));
    expect(kept).toEqual([null, null, null]);
  });
});
