import { expect, it } from "vitest";
import type { Store } from "../contract/store.js";
import { completeTrials, sleep, studyWithTrials } from "./fixtures.js";

const refit = { epochs: 3, seconds: 1.5, workerId: "w", weightBytes: 3, dataset: "contract-data" };

/** Champions: the best trial refitted once the budget is spent, by a refit job fenced like a trial. */
export function championContract(store: () => Store): void {
  it("refits the best trial by the first objective: REFITTING, claimed once, fenced, then COMPLETED with the champion", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 3, { direction: "maximize" });
    expect(await store().champion(studyId)).toBeNull();
    await completeTrials(store(), ids, (n) => [0.2, 0.9, 0.5][n]!);
    expect(await store().beginRefit(studyId)).toBe(true);
    expect(await store().beginRefit(studyId)).toBe(false);
    expect((await store().study(studyId)).status).toBe("REFITTING");
    expect(await store().waitingRefits()).toContainEqual(
      expect.objectContaining({
        studyId,
        trialId: ids[1],
        attempt: 0,
        spec: expect.objectContaining({ name: "contract" }),
      }),
    );
    const claimed = await store().claimRefit(studyId, "w");
    expect(claimed).toMatchObject({ studyId, trialId: ids[1], trialNumber: 1, params: { x: 1 / 3 }, attempt: 1 });
    expect(claimed?.spec.name).toBe("contract");
    expect(await store().claimRefit(studyId, "w2")).toBeNull();
    expect((await store().waitingRefits()).some((r) => r.studyId === studyId)).toBe(false);
    const outcome = {
      state: "COMPLETE",
      testMetrics: { "ndcg@10": 0.3 },
      refit,
      weights: Uint8Array.from([1, 2, 3]),
    } as const;
    expect(await store().finishRefit(studyId, 2, outcome)).toBe(false);
    expect(await store().finishRefit(studyId, 1, outcome)).toBe(true);
    expect(await store().finishRefit(studyId, 1, outcome)).toBe(false);
    expect((await store().study(studyId)).status).toBe("COMPLETED");
    expect(await store().champion(studyId)).toMatchObject({
      trialNumber: 1,
      values: [0.9],
      state: "COMPLETE",
      testMetrics: { "ndcg@10": 0.3 },
      refit,
      hasWeights: true,
      error: null,
    });
    expect([...((await store().championWeights(studyId))?.data ?? [])]).toEqual([1, 2, 3]);
  });

  it("lists the refitted champions of every study on one data set, of one project or all", async () => {
    const dataset = `data-${Math.random()}`;
    const ids: number[] = [];
    for (const ndcg of [0.2, 0.3]) {
      const { studyId, ids: trials } = await studyWithTrials(store(), 1);
      await completeTrials(store(), trials);
      await store().beginRefit(studyId);
      const held = await store().claimRefit(studyId, "w");
      await store().finishRefit(studyId, held!.attempt, {
        state: "COMPLETE",
        testMetrics: { "ndcg@10": ndcg },
        refit: { ...refit, dataset },
        weights: null,
      });
      ids.push(studyId);
    }
    const listed = await store().championsOn(dataset);
    expect(listed.map((c) => [c.studyId, c.testMetrics?.["ndcg@10"], c.studyName])).toEqual([
      [ids[0], 0.2, "contract"],
      [ids[1], 0.3, "contract"],
    ]);
    expect(await store().championsOn("another data set")).toEqual([]);
    const projectId = (await store().study(ids[0]!)).projectId;
    expect((await store().championsOn(dataset, projectId)).length).toBe(2);
    expect(await store().championsOn(dataset, projectId + 1000)).toEqual([]);
  });

  it("begins no refit without a complete trial, and none for a study that no longer runs", async () => {
    const { studyId } = await studyWithTrials(store(), 1);
    expect(await store().beginRefit(studyId)).toBe(false);
    expect((await store().study(studyId)).status).toBe("RUNNING");
    await expect(store().champion(987_654)).rejects.toThrow(/not found/i);
  });

  it("retries a refit whose worker went silent, then fails it (the study still completes) when out of attempts", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1, { maxAttempts: 2 });
    await completeTrials(store(), ids);
    await store().beginRefit(studyId);
    const first = await store().claimRefit(studyId, "w1");
    await sleep(60);
    expect((await store().reapStaleRefits(30)).filter((r) => r.studyId === studyId)).toEqual([
      { studyId, attempt: 1, state: "WAITING" },
    ]);
    const second = await store().claimRefit(studyId, "w2");
    expect(second?.attempt).toBe(2);
    // The silent worker wakes up: its result does not land.
    expect(await store().finishRefit(studyId, first!.attempt, { state: "FAILED", error: "late" })).toBe(false);
    await store().heartbeatRefits("w2", [studyId]);
    await sleep(60);
    expect((await store().reapStaleRefits(30)).filter((r) => r.studyId === studyId)).toEqual([
      { studyId, attempt: 2, state: "FAILED" },
    ]);
    expect((await store().study(studyId)).status).toBe("COMPLETED");
    expect(await store().champion(studyId)).toMatchObject({
      state: "FAILED",
      error: expect.stringMatching(/worker lost/),
    });
  });

  it("takes a handed-back refit again under the same attempt number, and records a refit's error", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    await completeTrials(store(), ids);
    await store().beginRefit(studyId);
    const held = await store().claimRefit(studyId, "w1");
    expect(await store().handBackRefit(studyId, held!.attempt)).toBe(true);
    const again = await store().claimRefit(studyId, "w2");
    expect(again?.attempt).toBe(1);
    expect(await store().finishRefit(studyId, 1, { state: "FAILED", error: "diverged" })).toBe(true);
    expect(await store().champion(studyId)).toMatchObject({ state: "FAILED", error: "diverged", hasWeights: false });
    expect(await store().championWeights(studyId)).toBeNull();
  });
}
