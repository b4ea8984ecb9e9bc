import { expect, it } from "vitest";
import type { Store } from "../contract/store.js";
import { sleep, studyWithTrials } from "./fixtures.js";

/** TrialLease: claims once per attempt, writes only from the attempt that holds the trial. */
export function leaseContract(store: () => Store): void {
  it("claims a trial exactly once however many workers race for it, as attempt 1 with its spec", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, w) => store().claim(ids[0]!, `w${w}`)));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id: ids[0], studyId, number: 0, attempt: 1, params: { x: 0 }, lastStep: null });
    expect(won[0]?.spec.name).toBe("contract");
    expect(won[0]?.strategy).toEqual({ sampler: "random" });
    const row = await store().trial(studyId, 0);
    expect([row.state, row.attempt, row.workerId !== null, row.startedAt !== null]).toEqual(["RUNNING", 1, true, true]);
    expect(await store().claim(ids[0]!, "late")).toBeNull();
    expect(await store().claim(987_654_321, "w")).toBeNull();
  });

  it("reports a step idempotently, only under the holding attempt, and keeps the highest step", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    const held = await store().claim(id, "w");
    expect(await store().report(id, held!.attempt, 1, 0.5, { value: 0.5 })).toBe(true);
    expect(await store().report(id, held!.attempt, 1, 0.4, { value: 0.4, extra: 1 })).toBe(true);
    expect(await store().report(id, held!.attempt, 2, 0.3, { value: 0.3 })).toBe(true);
    expect(await store().report(id, held!.attempt + 1, 3, 0.1, { value: 0.1 })).toBe(false);
    expect([...(await store().reports(id))]).toEqual([
      [1, 0.4],
      [2, 0.3],
    ]);
    expect((await store().trial(studyId, 0)).lastStep).toBe(2);
    const peers = await store().stepValues(studyId, [2, 5]);
    expect(peers.map((t) => [t.number, t.state, [...t.intermediate]])).toEqual([[0, "RUNNING", [[2, 0.3]]]]);
    expect(await store().stepValues(studyId, [])).toEqual([]);
  });

  it("reads a held trial by id with its spec and latest step; null once it is not RUNNING", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    expect(await store().held(id)).toBeNull();
    const claimed = await store().claim(id, "client");
    expect(await store().held(id)).toEqual(claimed);
    // By its holder only: a worker whose claim's answer was lost finds the trial its own; another does not.
    expect(await store().held(id, "client")).toEqual(claimed);
    expect(await store().held(id, "someone-else")).toBeNull();
    await store().report(id, claimed!.attempt, 3, 0.5, { value: 0.5 });
    expect(await store().held(id)).toMatchObject({ id, studyId, number: 0, attempt: 1, lastStep: 3 });
    await store().finish(id, claimed!.attempt, { state: "COMPLETE", values: [0.5] });
    expect(await store().held(id)).toBeNull();
    expect(await store().held(id, "client")).toBeNull();
    expect(await store().held(987_654_321)).toBeNull();
  });

  it("renews a lease only for the attempt that holds the trial; a renewed trial is not reaped", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    expect(await store().renewLease(id, 1)).toBe(false);
    const held = await store().claim(id, "client");
    await sleep(300);
    expect(await store().renewLease(id, held!.attempt + 1)).toBe(false);
    expect(await store().renewLease(id, held!.attempt)).toBe(true);
    expect((await store().reapStaleTrials(200)).filter((r) => r.id === id)).toEqual([]);
    expect((await store().trial(studyId, 0)).state).toBe("RUNNING");
  });

  it("records a result once, only from the attempt that holds the trial", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    const held = await store().claim(id, "w");
    expect(await store().finish(id, held!.attempt + 1, { state: "COMPLETE", values: [9] })).toBe(false);
    const results = await Promise.all([
      store().finish(id, held!.attempt, { state: "COMPLETE", values: [1.5, 2], metrics: { value: 1.5, ndcg: 0.2 } }),
      store().finish(id, held!.attempt, { state: "COMPLETE", values: [7] }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await store().trial(studyId, 0);
    expect(row.state).toBe("COMPLETE");
    expect(row.values?.[0] === 1.5 || row.values?.[0] === 7).toBe(true);
    expect(row.finishedAt).not.toBeNull();
    expect(await store().finish(id, held!.attempt, { state: "FAILED", error: "late" })).toBe(false);
    expect(await store().report(id, held!.attempt, 5, 1, { value: 1 })).toBe(false);
  });

  it("keeps a pruned trial's values and a failed trial's error", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 2);
    const a = await store().claim(ids[0]!, "w");
    const b = await store().claim(ids[1]!, "w");
    await store().finish(ids[0]!, a!.attempt, { state: "PRUNED", values: [0.7], metrics: { value: 0.7 } });
    await store().finish(ids[1]!, b!.attempt, { state: "FAILED", error: "diverged" });
    const [pruned, failed] = (await store().trialPage(studyId, { offset: 0, limit: 10 })).trials;
    expect([pruned?.state, pruned?.values, pruned?.metrics]).toEqual(["PRUNED", [0.7], { value: 0.7 }]);
    expect([failed?.state, failed?.values, failed?.error, failed?.metrics]).toEqual(["FAILED", null, "diverged", null]);
  });

  it("hands a trial back without spending the attempt, and fences the attempt that gave it up", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    const first = await store().claim(id, "w1");
    expect(await store().handBack(id, first!.attempt)).toBe(true);
    expect(await store().handBack(id, first!.attempt)).toBe(false);
    const row = await store().trial(studyId, 0);
    expect([row.state, row.attempt, row.workerId, row.startedAt]).toEqual(["WAITING", 0, null, null]);
    const second = await store().claim(id, "w2");
    expect(second?.attempt).toBe(1);
    expect(await store().finish(id, second!.attempt, { state: "COMPLETE", values: [1] })).toBe(true);
  });

  it("retries a failed attempt later while attempts are left, then FAILs it with the error", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1, { maxAttempts: 2 });
    const id = ids[0]!;
    const first = await store().claim(id, "w1");
    expect(await store().retryLater(id, first!.attempt + 1, "stale")).toBeNull();
    expect(await store().retryLater(id, first!.attempt, "flaky")).toBe("WAITING");
    expect(await store().retryLater(id, first!.attempt, "flaky")).toBeNull();
    const waiting = await store().trial(studyId, 0);
    expect([waiting.state, waiting.attempt, waiting.workerId]).toEqual(["WAITING", 1, null]);
    const second = await store().claim(id, "w2");
    expect(second?.attempt).toBe(2);
    expect(await store().retryLater(id, second!.attempt, "flaky again")).toBe("FAILED");
    const failed = await store().trial(studyId, 0);
    expect([failed.state, failed.error, failed.finishedAt !== null]).toEqual(["FAILED", "flaky again", true]);
  });

  it("replaces the held trial's params (PBT) only under its attempt", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const held = await store().claim(ids[0]!, "w");
    expect(await store().setParams(ids[0]!, held!.attempt + 1, { x: 0.9 })).toBe(false);
    expect(await store().setParams(ids[0]!, held!.attempt, { x: 0.25 })).toBe(true);
    expect((await store().trial(studyId, 0)).params).toEqual({ x: 0.25 });
  });

  it("saves checkpoints under the holding attempt, resumes from the last reported one, drops older ones", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    const held = await store().claim(id, "w");
    const bytes = (n: number) => Uint8Array.from([n, n + 1, n + 2]);
    for (const step of [1, 2, 3]) expect(await store().saveCheckpoint(id, held!.attempt, step, bytes(step))).toBe(true);
    expect(await store().saveCheckpoint(id, held!.attempt + 1, 4, bytes(4))).toBe(false);
    // Step 3 was saved but never reported (the worker died in between): resume from 2.
    await store().report(id, held!.attempt, 1, 1, { value: 1 });
    await store().report(id, held!.attempt, 2, 2, { value: 2 });
    const resumable = await store().resumableCheckpoint(id);
    expect([resumable?.step, resumable?.attempt, [...(resumable?.data ?? [])]]).toEqual([2, 1, [2, 3, 4]]);
    expect([...((await store().loadCheckpoint(studyId, 0, 3))?.data ?? [])]).toEqual([3, 4, 5]);
    expect(await store().loadCheckpoint(studyId, 0, 9)).toBeNull();
    // The newest at or before a step: what serving a running trial reads when its last step stored none.
    expect((await store().loadCheckpoint(studyId, 0, 9, { orEarlier: true }))?.step).toBe(3);
    expect((await store().loadCheckpoint(studyId, 0, 2, { orEarlier: true }))?.step).toBe(2);
    expect(await store().loadCheckpoint(studyId, 0, 0, { orEarlier: true })).toBeNull();
    expect(await store().dropCheckpointsBefore(id, held!.attempt + 1, 3)).toBe(0);
    expect(await store().dropCheckpointsBefore(id, held!.attempt, 3)).toBe(2);
    expect(await store().loadCheckpoint(studyId, 0, 2)).toBeNull();
    expect(await store().resumableCheckpoint(ids[0]! + 1_000_000)).toBeNull();
    // A model's weights: megabytes of every byte value, a view into a larger buffer, returned byte for byte.
    const weights = Uint8Array.from({ length: (1 << 20) + 8 }, (_, i) => (i * 7919) % 256).subarray(8);
    expect(await store().saveCheckpoint(id, held!.attempt, 5, weights)).toBe(true);
    await store().report(id, held!.attempt, 5, 5, { value: 5 });
    const big = await store().resumableCheckpoint(id);
    expect(big?.step).toBe(5);
    expect(big?.data.constructor).toBe(Uint8Array);
    expect(Buffer.compare(Buffer.from(big!.data), Buffer.from(weights))).toBe(0);
  });

  it("deletes a finished trial's checkpoints, unless population-based training may still copy them", async () => {
    for (const pruner of ["none", "pbt"] as const) {
      const { studyId, ids } = await studyWithTrials(store(), 1, { pruner });
      const held = await store().claim(ids[0]!, "w");
      await store().saveCheckpoint(ids[0]!, held!.attempt, 1, Uint8Array.from([1]));
      await store().report(ids[0]!, held!.attempt, 1, 1, { value: 1 });
      await store().finish(ids[0]!, held!.attempt, { state: "COMPLETE", values: [1] });
      const kept = await store().loadCheckpoint(studyId, 0, 1);
      expect([pruner, kept !== null]).toEqual([pruner, pruner === "pbt"]);
    }
  });

  it("lets a retried attempt replace its lost predecessor's reports and checkpoints, and fences the predecessor", async () => {
    const { studyId, ids } = await studyWithTrials(store(), 1);
    const id = ids[0]!;
    const lost = await store().claim(id, "w1");
    await store().saveCheckpoint(id, lost!.attempt, 1, Uint8Array.from([1]));
    await store().report(id, lost!.attempt, 1, 1, { value: 1 });
    await sleep(60);
    expect((await store().reapStaleTrials(30)).find((r) => r.id === id)).toMatchObject({
      state: "WAITING",
      attempt: 1,
    });
    const retry = await store().claim(id, "w2");
    expect([retry?.attempt, retry?.lastStep]).toEqual([2, 1]);
    await store().saveCheckpoint(id, retry!.attempt, 1, Uint8Array.from([2]));
    await store().report(id, retry!.attempt, 1, 2, { value: 2 });
    // The lost worker wakes up: nothing it writes lands.
    expect(await store().report(id, lost!.attempt, 1, 9, { value: 9 })).toBe(false);
    expect(await store().saveCheckpoint(id, lost!.attempt, 1, Uint8Array.from([9]))).toBe(false);
    expect(await store().finish(id, lost!.attempt, { state: "COMPLETE", values: [9] })).toBe(false);
    const resumable = await store().resumableCheckpoint(id);
    expect([resumable?.attempt, [...(resumable?.data ?? [])]]).toEqual([2, [2]]);
    expect([...(await store().reports(id))]).toEqual([[1, 2]]);
    expect(await store().finish(id, retry!.attempt, { state: "COMPLETE", values: [2] })).toBe(true);
    expect((await store().trial(studyId, 0)).values).toEqual([2]);
  });

  it("refreshes the heartbeat only of trials this worker holds", async () => {
    const { ids } = await studyWithTrials(store(), 2);
    await store().claim(ids[0]!, "w1");
    await store().claim(ids[1]!, "w2");
    await sleep(80);
    await store().heartbeat("w1", ids);
    await store().heartbeat("w1", []);
    const reaped = (await store().reapStaleTrials(40)).filter((r) => ids.includes(r.id));
    expect(reaped.map((r) => r.id)).toEqual([ids[1]]);
  });
}
