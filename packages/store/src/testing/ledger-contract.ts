import { expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import { FAILED_BEFORE_START } from "../contract/study-control.js";
import type { Store } from "../contract/store.js";
import { completeTrials, contractSpec, sleep, studyWithTrials } from "./fixtures.js";

/** StudyLedger: gap-free numbering, the scheduler's incremental reads, reaping, decisions, the one scheduler. */
export function ledgerContract(store: () => Store): void {
  it("numbers 50 concurrent creations 0..49 without gaps or repeats, and counts them on the study", async () => {
    const study = await store().createStudy(contractSpec());
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store().createTrials(study.id, [{ params: { x: i / 50 } }])),
    );
    expect(
      created
        .flat()
        .map((t) => t.number)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Set(created.flat().map((t) => t.id)).size).toBe(50);
    expect(created.flat().every((t) => t.attempt === 0)).toBe(true);
    const batch = await store().createTrials(study.id, [{ params: { x: 0.1 } }, { params: { x: 0.2 } }]);
    expect(batch.map((t) => [t.number, t.params])).toEqual([
      [50, { x: 0.1 }],
      [51, { x: 0.2 }],
    ]);
    expect((await store().study(study.id)).trialCount).toBe(52);
    expect(await store().createTrials(study.id, [])).toEqual([]);
  });

  it("refuses trials for a study that is not running (ConflictError) or unknown (NotFoundError), using no number", async () => {
    const { studyId } = await studyWithTrials(store(), 1);
    await store().stopStudy(studyId);
    await expect(store().createTrials(studyId, [{ params: { x: 1 } }])).rejects.toBeInstanceOf(ConflictError);
    await expect(store().createTrials(987_654, [{ params: { x: 1 } }])).rejects.toBeInstanceOf(NotFoundError);
    expect((await store().study(studyId)).trialCount).toBe(1);
  });

  it("creates a trial already claimed as the number asked for, never past the budget however many race", async () => {
    const study = await store().createStudy(contractSpec({ maxTrials: 5 }));
    await store().createTrials(study.id, [{ params: { x: 0 } }]);
    // Number 0 was taken (created elsewhere): nothing is created, no number used.
    expect(await store().createClaimedTrial(study.id, 0, { params: { x: 0.5 } }, "client-a")).toBeNull();
    expect((await store().study(study.id)).trialCount).toBe(1);
    const claimed = await store().createClaimedTrial(
      study.id,
      1,
      { params: { x: 0.5 }, strategy: { sampler: "random" } },
      "client-a",
    );
    expect(claimed).toMatchObject({
      studyId: study.id,
      number: 1,
      params: { x: 0.5 },
      attempt: 1,
      lastStep: null,
      strategy: { sampler: "random" },
    });
    expect(claimed?.spec.strategy.maxTrials).toBe(5);
    const row = await store().trial(study.id, 1);
    expect([row.state, row.attempt, row.workerId]).toEqual(["RUNNING", 1, "client-a"]);
    // Held like a claim: the attempt's writes are accepted, and a claim of it is refused.
    expect(await store().claim(claimed!.id, "client-b")).toBeNull();
    expect(await store().held(claimed!.id, "client-a")).toMatchObject({ id: claimed!.id, attempt: 1 });
    expect(await store().finish(claimed!.id, 1, { state: "COMPLETE", values: [0.25] })).toBe(true);
    // 4 clients race for number 2: exactly one gets it.
    const raced = await Promise.all(
      Array.from({ length: 4 }, (_, i) => store().createClaimedTrial(study.id, 2, { params: { x: i / 4 } }, `c${i}`)),
    );
    expect(raced.filter((t) => t !== null).map((t) => t.number)).toEqual([2]);
    expect(await store().createClaimedTrial(study.id, 3, { params: { x: 0.3 } }, "c")).toMatchObject({ number: 3 });
    expect(await store().createClaimedTrial(study.id, 4, { params: { x: 0.4 } }, "c")).toMatchObject({ number: 4 });
    // Past the budget of 5.
    expect(await store().createClaimedTrial(study.id, 5, { params: { x: 1 } }, "c")).toBeNull();
    expect((await store().study(study.id)).trialCount).toBe(5);
    await store().stopStudy(study.id);
    await expect(store().createClaimedTrial(study.id, 5, { params: { x: 1 } }, "c")).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(store().createClaimedTrial(987_654, 0, { params: { x: 1 } }, "c")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("creates enqueued trials only within the budget, counting a claimed trial created in the same race", async () => {
    const study = await store().createStudy(contractSpec({ maxTrials: 4 }));
    await store().createTrials(study.id, [{ params: { x: 0 } }]);
    // Three more would fit, four would not: all or none, and a refusal uses no number.
    const four = [0.1, 0.2, 0.3, 0.4].map((x) => ({ params: { x } }));
    expect(await store().createTrials(study.id, four, { withinBudget: true })).toEqual([]);
    expect((await store().study(study.id)).trialCount).toBe(1);
    // An ask (a claimed creation, another API process's) races 4 enqueues for the 3 numbers left.
    const [claimed, ...enqueued] = await Promise.all([
      store().createClaimedTrial(study.id, 1, { params: { x: 0.5 } }, "client"),
      ...Array.from({ length: 4 }, (_, i) =>
        store().createTrials(study.id, [{ params: { x: i / 4 } }], { withinBudget: true }),
      ),
    ]);
    const numbers = [...(claimed ? [claimed.number] : []), ...enqueued.flat().map((t) => t.number)];
    expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect((await store().study(study.id)).trialCount).toBe(4);
    expect(await store().createTrials(study.id, [{ params: { x: 1 } }], { withinBudget: true })).toEqual([]);
    // Not running, or unknown: refused as without the budget.
    await store().stopStudy(study.id);
    await expect(store().createTrials(study.id, [{ params: { x: 1 } }], { withinBudget: true })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(store().createTrials(987_654, [{ params: { x: 1 } }], { withinBudget: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("loads a study's history and unfinished trials in number order, and reports only changed trials", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 4);
    await completeTrials(store(), [ids[0]!], () => 0.5);
    const running = await store().claim(ids[1]!, "w");
    const history = await store().history(studyId);
    expect(history.map((t) => [t.number, t.state, t.values, t.strategy])).toEqual([
      [0, "COMPLETE", [0.5], { sampler: "random" }],
      [1, "RUNNING", null, { sampler: "random" }],
      [2, "WAITING", null, { sampler: "random" }],
      [3, "WAITING", null, { sampler: "random" }],
    ]);
    expect(history.every((t) => t.intermediate.size === 0)).toBe(true);
    expect(await store().unfinishedTrials(studyId)).toEqual([
      { id: ids[1], number: 1, state: "RUNNING", attempt: 1 },
      { id: ids[2], number: 2, state: "WAITING", attempt: 0 },
      { id: ids[3], number: 3, state: "WAITING", attempt: 0 },
    ]);
    // The caller last saw 1 WAITING and 2, 3 WAITING: only 1 changed. Then 1 finishes and 2 is claimed.
    expect(await store().changedTrials({ waiting: [ids[1]!, ids[2]!, ids[3]!], running: [] })).toEqual([
      { id: ids[1], state: "RUNNING", values: null },
    ]);
    await store().finish(ids[1]!, running!.attempt, { state: "COMPLETE", values: [0.25] });
    await store().claim(ids[2]!, "w");
    const changes = await store().changedTrials({ waiting: [ids[2]!, ids[3]!], running: [ids[1]!] });
    expect(changes.sort((a, b) => a.id - b.id)).toEqual([
      { id: ids[1], state: "COMPLETE", values: [0.25] },
      { id: ids[2], state: "RUNNING", values: null },
    ]);
    expect(await store().changedTrials({ waiting: [], running: [] })).toEqual([]);
  });

  it("reaps trials whose heartbeat went stale: WAITING for another attempt, FAILED once attempts are spent", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 2, { maxAttempts: 2 });
    await store().claim(ids[0]!, "w");
    await sleep(60);
    // A fresh heartbeat is not stale; a 60 ms old one is, at 30 ms.
    expect((await store().reapStaleTrials(60_000)).filter((r) => ids.includes(r.id))).toEqual([]);
    const first = (await store().reapStaleTrials(30)).filter((r) => ids.includes(r.id));
    expect(first).toEqual([{ id: ids[0], studyId, number: 0, state: "WAITING", attempt: 1 }]);
    const row = await store().trial(studyId, 0);
    expect([row.state, row.workerId, row.finishedAt]).toEqual(["WAITING", null, null]);
    await store().claim(ids[0]!, "w");
    await sleep(60);
    const second = (await store().reapStaleTrials(30)).filter((r) => ids.includes(r.id));
    expect(second).toEqual([{ id: ids[0], studyId, number: 0, state: "FAILED", attempt: 2 }]);
    const failed = await store().trial(studyId, 0);
    expect([failed.state, failed.error, failed.finishedAt !== null]).toEqual([
      "FAILED",
      "worker lost 2 time(s); no attempts left",
      true,
    ]);
    // A lost trial of a study that stopped meanwhile is FAILED at once.
    await store().claim(ids[1]!, "w");
    await store().stopStudy(studyId);
    await sleep(60);
    expect((await store().reapStaleTrials(30)).filter((r) => ids.includes(r.id))).toEqual([
      { id: ids[1], studyId, number: 1, state: "FAILED", attempt: 1 },
    ]);
  });

  it("completes or fails a running study once", async () => {
    const a = await store().createStudy(contractSpec());
    const { studyId: bId, ids } = await studyWithTrials(store(), 2);
    const b = await store().study(bId);
    const held = await store().claim(ids[0]!, "w");
    expect((await store().runningStudies()).map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await store().finishStudy(a.id, "COMPLETED")).toBe(true);
    expect(await store().finishStudy(a.id, "FAILED", "late")).toBe(false);
    expect(await store().finishStudy(b.id, "FAILED", "every trial failed: bad data")).toBe(true);
    const [doneA, doneB] = [await store().study(a.id), await store().study(b.id)];
    expect([doneA.status, doneA.error, doneA.completedAt !== null]).toEqual(["COMPLETED", null, true]);
    expect([doneB.status, doneB.error]).toEqual(["FAILED", "every trial failed: bad data"]);
    // The trial nobody claimed is FAILED with the study; the running one ends with its worker.
    expect([(await store().trial(b.id, 1)).state, (await store().trial(b.id, 1)).error]).toEqual([
      "FAILED",
      FAILED_BEFORE_START,
    ]);
    expect((await store().trial(b.id, 0)).state).toBe("RUNNING");
    expect(await store().finish(ids[0]!, held!.attempt, { state: "FAILED", error: "study failed" })).toBe(true);
    expect((await store().runningStudies()).map((s) => s.id)).not.toContain(a.id);
  });

  it("logs decisions once per trial and kind, in trial order", async () => {
    const { studyId } = await studyWithTrials(store(), 1);
    const plan = { trial: 0, kind: "plan" as const, to: "qmc", reason: "warm-up", shares: { qmc: 1 } };
    await store().recordDecisions(studyId, [
      { trial: 7, kind: "pruner", from: "none", to: "asha", reason: "ρ", shares: { asha: 1 } },
      plan,
    ]);
    await store().recordDecisions(studyId, [{ ...plan, reason: "again (a restarted scheduler)" }]);
    await store().recordDecisions(studyId, []);
    const log = await store().decisions(studyId);
    expect(log.map((d) => [d.trial, d.kind, d.from, d.to, d.reason, d.shares])).toEqual([
      [0, "plan", null, "qmc", "warm-up", { qmc: 1 }],
      [7, "pruner", "none", "asha", "ρ", { asha: 1 }],
    ]);
    expect(log[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("finds warm-start trials: the best of completed studies on the same target, or of the listed ones", async () => {
    const spec = contractSpec({ name: "warm", direction: "maximize" });
    const source = await store().createStudy(spec);
    const trials = await store().createTrials(
      source.id,
      [0.1, 0.9, 0.5, 0.9].map((x) => ({ params: { x } })),
    );
    await completeTrials(
      store(),
      trials.map((t) => t.id),
      (n) => [0.1, 0.9, 0.5, 0.9][n]!,
    );
    await store().finishStudy(source.id, "COMPLETED");
    const target = await store().createStudy(spec);
    const auto = (await store().warmStartTrials(target.id, spec, "auto", 2)).filter((p) => p.studyId === source.id);
    expect(auto).toEqual([
      { studyId: source.id, number: 1, params: { x: 0.9 }, value: 0.9, direction: "maximize" },
      { studyId: source.id, number: 3, params: { x: 0.9 }, value: 0.9, direction: "maximize" },
    ]);
    const listed = await store().warmStartTrials(target.id, spec, [source.id], 1);
    expect(listed.map((p) => p.number)).toEqual([1]);
    // Another target family is not comparable.
    const other = { ...spec, target: { kind: "function" as const, name: "branin" as const } };
    expect((await store().warmStartTrials(target.id, other, "auto", 2)).filter((p) => p.studyId === source.id)).toEqual(
      [],
    );
  });

  it("lets one scheduler hold the lock; a standby gets it when the holder releases it", async () => {
    const first = await store().acquireSchedulerLock({ pollMs: 20 });
    let standbyHas = false;
    const standby = store()
      .acquireSchedulerLock({ pollMs: 20 })
      .then((lock) => {
        standbyHas = true;
        return lock;
      });
    await sleep(100);
    expect(standbyHas).toBe(false);
    await first.release();
    const second = await standby;
    expect(standbyHas).toBe(true);
    const abort = new AbortController();
    const third = store().acquireSchedulerLock({ pollMs: 20, signal: abort.signal });
    abort.abort(new Error("shutting down"));
    await expect(third).rejects.toThrow("shutting down");
    await second.release();
  });
  it("reads the errors of the FAILED trials among the numbers asked for", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 3);
    for (const [i, outcome] of [
      [0, { state: "FAILED" as const, error: "bad parameter" }],
      [1, { state: "COMPLETE" as const, values: [1] }],
      [2, { state: "FAILED" as const, error: "missing file" }],
    ] as const) {
      const held = await store().claim(ids[i]!, "w");
      await store().finish(ids[i]!, held!.attempt, outcome);
    }
    expect([...(await store().failedTrialErrors(studyId, [0, 1, 2, 7]))].sort()).toEqual([
      [0, "bad parameter"],
      [2, "missing file"],
    ]);
    expect((await store().failedTrialErrors(studyId, [])).size).toBe(0);
  });
}
