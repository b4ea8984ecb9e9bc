import { createStore, type LeaderboardWatcher, type Store } from "@rectune/store";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";
import { completeTrials, sleepSpec } from "./helpers/lifecycle.js";

/** Records what the feed tells a watcher, and lets a test wait for a state. */
class Recorder implements LeaderboardWatcher {
  readonly changes: number[] = [];
  readonly states: boolean[] = [];
  changed(studyId: number): void {
    this.changes.push(studyId);
  }
  listening(on: boolean): void {
    this.states.push(on);
  }
  async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; changes ${JSON.stringify(this.changes)}, states ${JSON.stringify(this.states)}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe("leaderboard feed (trials triggers + LISTEN)", () => {
  let url: string;
  let store: Store;
  let recorder: Recorder;

  beforeAll(async () => {
    url = await createTestDatabase();
    store = createStore(url, { poolSize: 4 });
    recorder = new Recorder();
    store.leaderboardFeed?.watch(recorder);
    await recorder.until(() => recorder.states.at(-1) === true, "the feed to listen");
  });

  afterAll(async () => {
    await store.close();
  });

  it("announces a study when one of its trials completes, and not for claims, failures or other states", async () => {
    const a = await store.studies.create(sleepSpec(10, 10));
    const b = await store.studies.create(sleepSpec(10, 10));
    const [a0, a1] = await store.trials.create(a.id, [{ params: { x: 1 } }, { params: { x: 2 } }]);
    const [b0, b1] = await store.trials.create(b.id, [{ params: { x: 1 } }, { params: { x: 2 } }]);
    if (!a0 || !a1 || !b0 || !b1) throw new Error("trials not created");
    const start = recorder.changes.length;
    // Study b: a claim, then a failure — neither touches a leaderboard.
    const claimed = await store.trials.claim(b0.id, "w");
    expect(await store.trials.finish(b0.id, claimed?.attempt ?? -1, { state: "FAILED", error: "boom" })).toBe(true);
    await store.trials.claim(b1.id, "w");
    // Study a: two completions in one batch. Notifications arrive in commit order, so once a's is
    // here, any for b's statements (committed before) would be too.
    await completeTrials(store, [a0.id, a1.id]);
    await recorder.until(() => recorder.changes.length > start, "a change");
    expect(new Set(recorder.changes.slice(start))).toEqual(new Set([a.id]));
    // Then b completes a trial: announced too.
    const [b2] = await store.trials.create(b.id, [{ params: { x: 3 } }]);
    await completeTrials(store, [b2?.id ?? -1]);
    await recorder.until(() => recorder.changes.includes(b.id), "study b's change");
  });

  it("announces a completed trial's deletion or change, and drops then restores delivery around a lost connection", async () => {
    const study = await store.studies.create(sleepSpec(10, 10));
    const [t] = await store.trials.create(study.id, [{ params: { x: 1 } }]);
    await completeTrials(store, [t?.id ?? -1]);
    await recorder.until(() => recorder.changes.includes(study.id), "the completion");
    let seen = recorder.changes.filter((id) => id === study.id).length;
    await store.db.$executeRaw`UPDATE trials SET metrics = '{"value": 7}' WHERE id = ${t?.id}`;
    await recorder.until(() => recorder.changes.filter((id) => id === study.id).length > seen, "the update");
    seen = recorder.changes.filter((id) => id === study.id).length;
    await store.db.$executeRaw`DELETE FROM trials WHERE id = ${t?.id}`;
    await recorder.until(() => recorder.changes.filter((id) => id === study.id).length > seen, "the deletion");

    // Kill the listening backend: the watcher hears `false`, then `true` once LISTEN is back, and
    // changes committed after that are delivered again.
    const states = recorder.states.length;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
      );
      expect(killed.rows).toEqual([{ ok: true }]);
    } finally {
      await admin.end();
    }
    await recorder.until(() => recorder.states.length >= states + 2, "a drop and a reconnect");
    expect(recorder.states.slice(states, states + 2)).toEqual([false, true]);
    const [u] = await store.trials.create(study.id, [{ params: { x: 2 } }]);
    seen = recorder.changes.filter((id) => id === study.id).length;
    await completeTrials(store, [u?.id ?? -1]);
    await recorder.until(
      () => recorder.changes.filter((id) => id === study.id).length > seen,
      "a change after the reconnect",
    );
  });
});
