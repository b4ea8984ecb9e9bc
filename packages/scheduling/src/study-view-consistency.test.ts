import { createRng } from "@rectune/search";
import { createMemoryStore, type Store } from "@rectune/store";
import { beforeAll, describe, expect, it } from "vitest";
import { StudyScheduler } from "./study-scheduler.js";
import type { StudyView } from "./study-view.js";
import { RecordingQueue, sleepSpec } from "./testing/fixtures.js";

/** Everything a sampler or the scheduler reads from a view, in a comparable form. */
const snapshot = (view: StudyView) => ({
  trials: view.trials.map((t) => ({
    number: t.number,
    state: t.state,
    params: t.params,
    values: t.values,
    strategy: t.strategy ?? null,
  })),
  inflight: view.inflightIds().sort((a, b) => a - b),
  created: view.created,
  finished: view.finished,
  waiting: view.waitingCount,
});

describe("the incremental study view equals a fresh load of the study", () => {
  let store: Store;

  beforeAll(() => {
    store = createMemoryStore();
  });

  it.each([1, 2, 3])(
    "after a seeded random interleaving of asks, claims, results, prunes, failures and hand-backs (seed %i)",
    async (seed) => {
      const rng = createRng(seed);
      const row = await store.createStudy(sleepSpec(60, 6));
      const { scheduler } = await StudyScheduler.load(store, row);
      const queue = new RecordingQueue();
      const pick = async (state: "WAITING" | "RUNNING") => {
        const ids = (await store.unfinishedTrials(row.id)).filter((u) => u.state === state);
        return ids.length === 0 ? undefined : ids[rng.int(ids.length)];
      };
      let checks = 0;
      const seen = new Set<string>();
      for (let step = 0; step < 120; step++) {
        const action = rng.int(7);
        if (action === 0) {
          await scheduler.refresh();
          await scheduler.fill(queue);
        } else if (action === 1) {
          const t = await pick("WAITING");
          if (t) await store.claim(t.id, `w${rng.int(3)}`);
        } else if (action === 2 || action === 3 || action === 4) {
          const t = await pick("RUNNING");
          if (!t) continue;
          const v = Math.round(rng.next() * 1000) / 10;
          if (action === 2)
            await store.finish(t.id, t.attempt, { state: "COMPLETE", values: [v], metrics: { value: v } });
          if (action === 3) await store.finish(t.id, t.attempt, { state: "PRUNED", values: [v] });
          if (action === 4) await store.finish(t.id, t.attempt, { state: "FAILED", error: "boom" });
        } else if (action === 5) {
          const t = await pick("RUNNING");
          if (t) await store.handBack(t.id, t.attempt);
        } else {
          await scheduler.refresh();
          const fresh = await StudyScheduler.load(store, row);
          expect(snapshot(scheduler.history)).toEqual(snapshot(fresh.scheduler.history));
          for (const t of scheduler.history.trials) seen.add(t.state);
          checks++;
        }
      }
      await scheduler.refresh();
      const fresh = await StudyScheduler.load(store, row);
      expect(snapshot(scheduler.history)).toEqual(snapshot(fresh.scheduler.history));
      expect(checks).toBeGreaterThan(5);
      // The interleaving exercised every kind of outcome.
      expect(seen).toEqual(new Set(["WAITING", "RUNNING", "COMPLETE", "PRUNED", "FAILED"]));
    },
  );
});
