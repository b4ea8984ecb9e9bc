import { createStore, type Store } from "@rectune/store";
import { parseStudySpec } from "@rectune/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";

const spec = parseStudySpec({
  name: "store",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "sleep", durationMs: 0 },
  space: { x: { type: "float", low: 0, high: 1 } },
  strategy: { maxTrials: 100, parallelism: 50 },
});

describe("store transactional helpers", () => {
  let store: Store;

  beforeAll(async () => {
    store = createStore(await createTestDatabase(), { poolSize: 20 });
  });

  afterAll(async () => {
    await store?.close();
  });

  it("50 concurrent trial creations get 50 distinct, gap-free numbers", async () => {
    const study = await store.studies.create(spec);
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.trials.create(study.id, [{ params: { x: i / 50 } }])),
    );
    const numbers = created
      .flat()
      .map((t) => t.number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect((await store.studies.get(study.id)).trialCount).toBe(50);
  });

  it("claims a trial exactly once, even when 10 workers race for it", async () => {
    const study = await store.studies.create(spec);
    const [trial] = await store.trials.create(study.id, [{ params: { x: 0.5 } }]);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.trials.claim(trial!.id, `w${i}`)));
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.attempt).toBe(1);
  });

  it("records a result once, only from the attempt holding the trial", async () => {
    const study = await store.studies.create(spec);
    const [trial] = await store.trials.create(study.id, [{ params: { x: 0.25 } }]);
    const claim = await store.trials.claim(trial!.id, "w1");
    expect(await store.trials.finish(trial!.id, 2, { state: "COMPLETE", values: [9] })).toBe(false);
    const results = await Promise.all([
      store.trials.finish(trial!.id, claim!.attempt, { state: "COMPLETE", values: [1] }),
      store.trials.finish(trial!.id, claim!.attempt, { state: "COMPLETE", values: [2] }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await store.trials.get(study.id, 0);
    expect(row.state).toBe("COMPLETE");
    expect([[1], [2]]).toContainEqual(row.values);
  });

  it("a retried report of the same step is idempotent, and a stale attempt's report is refused", async () => {
    const study = await store.studies.create(spec);
    const [trial] = await store.trials.create(study.id, [{ params: { x: 0.75 } }]);
    const claim = await store.trials.claim(trial!.id, "w1");
    expect(await store.trials.report(trial!.id, claim!.attempt, 1, 0.5, { value: 0.5 })).toBe(true);
    expect(await store.trials.report(trial!.id, claim!.attempt, 1, 0.5, { value: 0.5 })).toBe(true);
    expect(await store.trials.report(trial!.id, claim!.attempt, 2, 0.4, { value: 0.4 })).toBe(true);
    expect(await store.trials.report(trial!.id, claim!.attempt + 1, 3, 0.3, { value: 0.3 })).toBe(false);
    expect([...(await store.trials.intermediate(trial!.id)).entries()]).toEqual([
      [1, 0.5],
      [2, 0.4],
    ]);
  });

  it("reaps a trial whose heartbeat stopped: retried while attempts remain, then FAILED", async () => {
    const study = await store.studies.create({ ...spec, strategy: { ...spec.strategy, maxAttempts: 2 } });
    const [trial] = await store.trials.create(study.id, [{ params: { x: 0.1 } }]);
    await store.trials.claim(trial!.id, "w1");
    // Other tests of this file left running trials behind: look at this one only.
    const mine = (reaped: { id: number; state: string; attempt: number }[]) =>
      reaped.filter((r) => r.id === trial!.id).map((r) => [r.state, r.attempt]);
    expect(mine(await store.trials.reapStale(60_000))).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(mine(await store.trials.reapStale(50))).toEqual([["WAITING", 1]]);
    const second = await store.trials.claim(trial!.id, "w2");
    expect(second?.attempt).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(mine(await store.trials.reapStale(50))).toEqual([["FAILED", 2]]);
    expect((await store.trials.get(study.id, 0)).error).toMatch(/no attempts left/);
  });

  it("stopping a study fails its waiting trials and refuses new ones", async () => {
    const study = await store.studies.create(spec);
    await store.trials.create(study.id, [{ params: { x: 0.1 } }, { params: { x: 0.2 } }]);
    await store.studies.stop(study.id);
    const summary = await store.studies.summary(study.id);
    expect(summary.study.status).toBe("STOPPED");
    expect(summary.counts.FAILED).toBe(2);
    await expect(store.trials.create(study.id, [{ params: { x: 0.3 } }])).rejects.toThrow(/STOPPED/);
    await expect(store.studies.stop(study.id)).rejects.toThrow(/not RUNNING/);
  });
});
