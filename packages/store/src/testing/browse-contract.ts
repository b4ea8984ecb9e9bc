import { expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import type { Store } from "../contract/store.js";
import type { StudyWatcher } from "../contract/study-watcher.js";
import { completeTrials, contractSpec, studyWithTrials, until } from "./fixtures.js";

/** StudyBrowse (the dashboard's reads and live changes), resume and the name search. */
export function browseContract(store: () => Store): void {
  it("reads a study's table, curves, one trial's steps and the completed trials, in number order", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 4);
    const held = await store().claim(ids[1]!, "w");
    for (const step of [1, 2, 3]) await store().report(ids[1]!, held!.attempt, step, step / 10, { value: step / 10 });
    await store().finish(ids[1]!, held!.attempt, { state: "PRUNED", values: [0.3], metrics: { value: 0.3 } });
    await completeTrials(store(), [ids[2]!], () => 0.5);
    const table = await store().studyTable(studyId);
    expect(table.map((t) => [t.number, t.state, t.values, t.lastStep, t.strategy?.sampler])).toEqual([
      [0, "WAITING", null, null, "random"],
      [1, "PRUNED", [0.3], 3, "random"],
      [2, "COMPLETE", [0.5], null, "random"],
      [3, "WAITING", null, null, "random"],
    ]);
    expect(table[2]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(table[0]!.durationMs).toBeNull();
    expect(await store().trialCurves(studyId)).toEqual([
      { number: 1, state: "PRUNED", value: 0.3, steps: [1, 2, 3], values: [0.1, 0.2, 0.3] },
    ]);
    const steps = await store().trialSteps(studyId, 1);
    expect(steps.map((s) => [s.step, s.value, s.attempt, s.metrics])).toEqual([
      [1, 0.1, 1, { value: 0.1 }],
      [2, 0.2, 1, { value: 0.2 }],
      [3, 0.3, 1, { value: 0.3 }],
    ]);
    expect(steps.every((s) => s.at instanceof Date)).toBe(true);
    expect(await store().completedTrials(studyId)).toEqual([{ number: 2, params: { x: 0.5 }, values: [0.5] }]);
    const byId = await store().trialsById([ids[2]!, ids[0]!, 987_654]);
    expect(byId.map((t) => [t.id, t.number, t.studyId]).sort()).toEqual(
      [
        [ids[0], 0, studyId],
        [ids[2], 2, studyId],
      ].sort(),
    );
  });

  it("gives each listed study's counts and lowest and highest completed value", async () => {
    const a = await studyWithTrials(store(), 3);
    await completeTrials(store(), [a.ids[0]!, a.ids[2]!], (n) => [0.4, 0, 0.1][n]!);
    const empty = await store().createStudy(contractSpec());
    const progress = await store().studyProgress([a.studyId, empty.id]);
    expect(progress.get(a.studyId)).toEqual({
      counts: { WAITING: 1, RUNNING: 0, COMPLETE: 2, PRUNED: 0, FAILED: 0 },
      minValue: 0.1,
      maxValue: 0.4,
    });
    expect(progress.get(empty.id)).toEqual({
      counts: { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 },
      minValue: null,
      maxValue: null,
    });
  });

  it("lists workers with the trials each one runs and how long it has been silent", async () => {
    const id = `browse-${Math.random().toString(36).slice(2)}`;
    await store().registerWorker({ id, host: "gpu-1", pid: 7, backend: "wasm", concurrency: 2 });
    const { studyId, ids } = await studyWithTrials(store(), 2);
    await store().claim(ids[1]!, id);
    const mine = (await store().workerLoads()).find((w) => w.id === id);
    expect(mine).toMatchObject({ host: "gpu-1", concurrency: 2, running: [{ studyId, number: 1 }] });
    // A CPU worker announces no GPU; a GPU worker its GPUs and their memory, which placement reads.
    expect([mine!.gpus, mine!.gpuMemoryMb]).toEqual([0, null]);
    await store().registerWorker({
      id,
      host: "gpu-1",
      pid: 7,
      backend: "tensorflow-gpu",
      concurrency: 2,
      gpus: 2,
      gpuMemoryMb: 24_576,
    });
    const gpu = (await store().workerLoads()).find((w) => w.id === id);
    expect([gpu!.backend, gpu!.gpus, gpu!.gpuMemoryMb]).toEqual(["tensorflow-gpu", 2, 24_576]);
    expect(mine!.silentForMs).toBeGreaterThanOrEqual(0);
    expect(mine!.silentForMs).toBeLessThan(60_000);
  });

  it("resumes a stopped study: the trials the stop kept from starting wait again; resuming again is a conflict", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 3);
    await completeTrials(store(), [ids[0]!]);
    const failed = await store().claim(ids[1]!, "w");
    await store().finish(ids[1]!, failed!.attempt, { state: "FAILED", error: "objective error" });
    await store().stopStudy(studyId);
    const resumed = await store().resumeStudy(studyId);
    expect([resumed.status, resumed.completedAt]).toEqual(["RUNNING", null]);
    const trials = await store().studyTable(studyId);
    expect(trials.map((t) => t.state)).toEqual(["COMPLETE", "FAILED", "WAITING"]);
    expect((await store().trial(studyId, 2)).error).toBeNull();
    await expect(store().resumeStudy(studyId)).rejects.toBeInstanceOf(ConflictError);
    await expect(store().resumeStudy(987_654)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("searches studies by a part of their name, in any case", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const a = await store().createStudy(contractSpec({ name: `MF-${tag}-movielens` }));
    await store().createStudy(contractSpec({ name: `knn-${tag}` }));
    const found = await store().studies({ limit: 10, name: `mf-${tag.toUpperCase()}` });
    expect(found.map((s) => s.id)).toEqual([a.id]);
  });

  it("tells study watchers of created trials, state changes, new steps and study status, not of heartbeats", async () => {
    const trials: [number, number][] = [];
    const studies: number[] = [];
    let live = false;
    const watcher: StudyWatcher = {
      trialChanged: (s, t) => trials.push([s, t]),
      studyChanged: (s) => studies.push(s),
      listening: (on) => (live = on),
    };
    const stop = store().watchStudies(watcher);
    try {
      await until(() => live, "the watcher to be told changes are delivered");
      const { studyId, ids } = await studyWithTrials(store(), 2);
      await until(() => studies.includes(studyId) && trials.filter(([s]) => s === studyId).length >= 2, "creation");
      const held = await store().claim(ids[0]!, "w");
      await store().heartbeat("w", [ids[0]!]);
      await store().report(ids[0]!, held!.attempt, 1, 0.1, { value: 0.1 });
      await store().finish(ids[0]!, held!.attempt, { state: "COMPLETE", values: [0.1] });
      await store().stopStudy(studyId);
      await until(() => studies.filter((s) => s === studyId).length >= 2, "the stop");
      const first = trials.filter(([s, t]) => s === studyId && t === ids[0]).length;
      // Created, claimed, step 1, completed; the heartbeat said nothing.
      expect(first).toBe(4);
      // The waiting trial failed by the stop.
      await until(() => trials.filter(([s, t]) => s === studyId && t === ids[1]).length >= 2, "the stopped trial");
    } finally {
      stop();
    }
  });
}
