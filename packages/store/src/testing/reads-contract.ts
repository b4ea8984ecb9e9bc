import { expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import type { LeaderboardWatcher } from "../contract/leaderboard-watcher.js";
import type { Store } from "../contract/store.js";
import { completeTrials, contractSpec, sleep, studyWithTrials, until } from "./fixtures.js";

/** StudyReads and StudyControl: what the API reads and changes, and WorkerRegistry. */
export function readsContract(store: () => Store): void {
  it("creates a study from its spec and reads it back; unknown ids are NotFoundError", async () => {
    const spec = contractSpec({ name: "created", direction: "maximize" });
    const study = await store().createStudy(spec);
    expect(study).toMatchObject({ name: "created", status: "RUNNING", directions: ["maximize"], trialCount: 0 });
    expect([study.error, study.completedAt]).toEqual([null, null]);
    expect(await store().study(study.id)).toEqual(study);
    expect((await store().study(study.id)).spec).toEqual(spec);
    await expect(store().study(987_654)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store().studySummary(987_654)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store().trial(study.id, 0)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists studies newest first, by status, in keyset pages", async () => {
    const a = await store().createStudy(contractSpec({ name: "a" }));
    const b = await store().createStudy(contractSpec({ name: "b" }));
    const c = await store().createStudy(contractSpec({ name: "c" }));
    await store().stopStudy(b.id);
    const firstPage = await store().studies({ limit: 2 });
    expect(firstPage.map((s) => s.id)).toEqual([c.id, b.id]);
    expect((await store().studies({ limit: 2, before: b.id }))[0]?.id).toBe(a.id);
    const stopped = await store().studies({ status: "STOPPED", limit: 100 });
    expect(stopped.map((s) => s.id)).toContain(b.id);
    expect(stopped.every((s) => s.status === "STOPPED")).toBe(true);
  });

  it("summarizes a study: counts by state and the best trial in its direction, ties to the earlier", async () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const { studyId, ids } = await studyWithTrials(store(), 5, { direction });
      await completeTrials(store(), ids.slice(0, 3), (n) => [0.3, 0.1, 0.3][n]!);
      await store().claim(ids[3]!, "w");
      const summary = await store().studySummary(studyId);
      expect(summary.counts).toEqual({ WAITING: 1, RUNNING: 1, COMPLETE: 3, PRUNED: 0, FAILED: 0 });
      expect(summary.bestTrial?.number).toBe(direction === "minimize" ? 1 : 0);
    }
    const empty = await store().createStudy(contractSpec());
    expect((await store().studySummary(empty.id)).bestTrial).toBeNull();
  });

  it("pages trials in number order with their total, filtered by state", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 5);
    await completeTrials(store(), [ids[1]!, ids[3]!], (n) => n / 10);
    const page = await store().trialPage(studyId, { offset: 1, limit: 2 });
    expect([page.total, page.trials.map((t) => t.number)]).toEqual([5, [1, 2]]);
    const done = await store().trialPage(studyId, { offset: 0, limit: 10, state: "COMPLETE" });
    expect([done.total, done.trials.map((t) => [t.number, t.values, t.metrics])]).toEqual([
      2,
      [
        [1, [0.1], { value: 0.1 }],
        [3, [0.3], { value: 0.3 }],
      ],
    ]);
    const t = await store().trial(studyId, 3);
    expect([t.id, t.studyId, t.state, t.attempt, t.workerId, t.strategy, t.error]).toEqual([
      ids[3],
      studyId,
      "COMPLETE",
      1,
      "w",
      { sampler: "random" },
      null,
    ]);
    expect(t.createdAt.getTime()).toBeLessThanOrEqual(t.startedAt!.getTime());
    expect(t.startedAt!.getTime()).toBeLessThanOrEqual(t.finishedAt!.getTime());
  });

  it("ranks the leaderboard best first in either direction, ties to the earlier trial, COMPLETE only", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 6);
    await completeTrials(store(), ids.slice(0, 5), (n) => [0.5, 0.2, 0.9, 0.2, 0.7][n]!);
    const pruned = await store().claim(ids[5]!, "w");
    await store().finish(ids[5]!, pruned!.attempt, { state: "PRUNED", values: [0.01] });
    expect((await store().leaderboard(studyId, "minimize", 3)).map((t) => t.number)).toEqual([1, 3, 0]);
    expect((await store().leaderboard(studyId, "maximize", 10)).map((t) => t.number)).toEqual([2, 4, 0, 1, 3]);
    expect(await store().leaderboard(987_654, "minimize", 10)).toEqual([]);
  });

  it("sets a study's budget: never below its trials, a completed study runs again, a failed one is a conflict", async () => {
    const { studyId } = await studyWithTrials(store(), 3, { maxTrials: 5 });
    const raised = await store().setMaxTrials(studyId, 8);
    expect([raised.status, raised.spec.strategy.maxTrials, raised.trialCount]).toEqual(["RUNNING", 8, 3]);
    expect((await store().study(studyId)).spec.strategy.maxTrials).toBe(8);
    await expect(store().setMaxTrials(studyId, 2)).rejects.toBeInstanceOf(ConflictError);
    expect((await store().study(studyId)).spec.strategy.maxTrials).toBe(8);
    expect(await store().finishStudy(studyId, "COMPLETED")).toBe(true);
    expect((await store().setMaxTrials(studyId, 3)).status).toBe("COMPLETED");
    const reopened = await store().setMaxTrials(studyId, 4);
    expect([reopened.status, reopened.completedAt]).toEqual(["RUNNING", null]);
    expect(await store().finishStudy(studyId, "FAILED", "broken")).toBe(true);
    await expect(store().setMaxTrials(studyId, 10)).rejects.toBeInstanceOf(ConflictError);
    await expect(store().setMaxTrials(987_654, 10)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops a running study: its waiting trials fail, running ones keep going; stopping again is a conflict", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 3);
    const held = await store().claim(ids[0]!, "w");
    const stopped = await store().stopStudy(studyId);
    expect([stopped.status, stopped.completedAt !== null]).toEqual(["STOPPED", true]);
    const trials = (await store().trialPage(studyId, { offset: 0, limit: 10 })).trials;
    expect(trials.map((t) => [t.state, t.error])).toEqual([
      ["RUNNING", null],
      ["FAILED", "study stopped before the trial started"],
      ["FAILED", "study stopped before the trial started"],
    ]);
    expect(await store().claim(ids[1]!, "w")).toBeNull();
    expect(await store().finish(ids[0]!, held!.attempt, { state: "COMPLETE", values: [1] })).toBe(true);
    await expect(store().stopStudy(studyId)).rejects.toBeInstanceOf(ConflictError);
    await expect(store().stopStudy(987_654)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("tells leaderboard watchers about completions of their study, not about claims or failures", async () => {
    const seen: number[] = [];
    let live = false;
    const watcher: LeaderboardWatcher = { changed: (id) => seen.push(id), listening: (on) => (live = on) };
    const stop = store().watchLeaderboards(watcher);
    try {
      await until(() => live, "the watcher to be told changes are delivered");
      const a = await studyWithTrials(store(), 2);
      const b = await studyWithTrials(store(), 1);
      const claimed = await store().claim(b.ids[0]!, "w");
      await store().finish(b.ids[0]!, claimed!.attempt, { state: "FAILED", error: "x" });
      await completeTrials(store(), a.ids);
      await until(() => seen.includes(a.studyId), "study a's completion");
      // Changes are delivered in commit order: b's failure, committed before, would have come first.
      expect(seen).not.toContain(b.studyId);
    } finally {
      stop();
    }
  });

  it("keeps the objective modules a worker announces; none when it announces none", async () => {
    const id = `objectives-${Math.random().toString(36).slice(2)}`;
    const schema = { type: "object", properties: { lr: { type: "number", maximum: 1 } }, required: ["lr"] };
    await store().registerWorker({
      id,
      host: "h",
      pid: 1,
      backend: "cpu",
      concurrency: 1,
      objectives: { sgd: schema },
    });
    await store().registerWorker({ id: `${id}-b`, host: "h", pid: 2, backend: "cpu", concurrency: 1 });
    const mine = (await store().workers()).filter((w) => w.id.startsWith(id)).sort((a, b) => a.id.localeCompare(b.id));
    expect(mine.map((w) => w.objectives)).toEqual([{ sgd: schema }, {}]);
  });

  it("registers workers, refreshes their last-seen time, lists them most recent first", async () => {
    const id = `contract-${Math.random().toString(36).slice(2)}`;
    await store().registerWorker({ id, host: "h", pid: 1, backend: "cpu", concurrency: 2 });
    await store().registerWorker({ id: `${id}-b`, host: "h", pid: 2, backend: "wasm", concurrency: 1 });
    const mine = async () => (await store().workers()).filter((w) => w.id.startsWith(id));
    await sleep(5);
    await store().touchWorker(id);
    expect((await mine()).map((w) => w.id)).toEqual([id, `${id}-b`]);
    await sleep(5);
    await store().registerWorker({ id: `${id}-b`, host: "h2", pid: 3, backend: "wasm", concurrency: 4 });
    const listed = await mine();
    expect(listed.map((w) => [w.id, w.host, w.pid, w.concurrency])).toEqual([
      [`${id}-b`, "h2", 3, 4],
      [id, "h", 1, 2],
    ]);
    expect(listed[1]!.lastSeenAt.getTime()).toBeGreaterThan(listed[1]!.startedAt.getTime());
    await expect(store().ping()).resolves.toBeUndefined();
  });

  it("expires workers silent for longer than asked, keeps the others", async () => {
    const id = `expire-${Math.random().toString(36).slice(2)}`;
    await store().registerWorker({ id, host: "h", pid: 1, backend: "cpu", concurrency: 1 });
    // The store's own clock decides: the silent worker is 1.1 s older, and the live one stays unless the
    // two calls below take a whole second (a 20 ms window was missed on a loaded machine).
    await sleep(1_100);
    await store().registerWorker({ id: `${id}-alive`, host: "h", pid: 2, backend: "cpu", concurrency: 1 });
    expect(await store().expireWorkers(3_600_000)).toBe(0);
    expect(await store().expireWorkers(1_000)).toBeGreaterThanOrEqual(1);
    expect((await store().workers()).filter((w) => w.id.startsWith(id)).map((w) => w.id)).toEqual([`${id}-alive`]);
  });
}
