import { createPostgresStore, leaderboardStatement, type LeaderboardWatcher, type Store } from "@rectune/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";
import { completeTrials, contractSpec } from "@rectune/store/testing";
import { TestSql } from "./helpers/sql.js";

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
  count(studyId: number): number {
    return this.changes.filter((id) => id === studyId).length;
  }
  async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; changes ${JSON.stringify(this.changes)}, states ${this.states}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** What only the PostgreSQL store has: its triggers, its LISTEN connection, its indexes, its SQL reads. */
describe("the PostgreSQL store beyond the contract", () => {
  let store: Store;
  let sql: TestSql;
  let recorder: Recorder;

  beforeAll(async () => {
    const url = await createTestDatabase();
    store = createPostgresStore(url, { poolSize: 4 });
    sql = new TestSql(url);
    recorder = new Recorder();
    store.watchLeaderboards(recorder);
    await recorder.until(() => recorder.states.at(-1) === true, "the feed to listen");
  });

  afterAll(async () => {
    await store?.close();
    await sql?.close();
  });

  it("announces a COMPLETE trial changed or deleted by any writer (the trigger), and comes back after a lost connection", async () => {
    const study = await store.createStudy(contractSpec({ maxTrials: 10 }));
    const [t] = await store.createTrials(study.id, [{ params: { x: 1 } }]);
    await completeTrials(store, [t!.id]);
    await recorder.until(() => recorder.count(study.id) === 1, "the completion");
    await sql.rows(`UPDATE trials SET metrics = '{"value": 7}' WHERE id = $1`, [t!.id]);
    await recorder.until(() => recorder.count(study.id) === 2, "the update");
    await sql.rows(`DELETE FROM trials WHERE id = $1`, [t!.id]);
    await recorder.until(() => recorder.count(study.id) === 3, "the deletion");

    // Kill the listening backend: the watcher hears `false`, then `true` once LISTEN is back, and
    // changes committed after that are delivered again.
    const states = recorder.states.length;
    const killed = await sql.rows<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    expect(killed).toEqual([{ ok: true }]);
    await recorder.until(() => recorder.states.length >= states + 2, "a drop and a reconnect");
    expect(recorder.states.slice(states, states + 2)).toEqual([false, true]);
    const [u] = await store.createTrials(study.id, [{ params: { x: 2 } }]);
    await completeTrials(store, [u!.id]);
    await recorder.until(() => recorder.count(study.id) === 4, "a change after the reconnect");
  });

  it("reads the best trials from the leaderboard's partial index in its order (no sort of the study), in both directions", async () => {
    const study = await store.createStudy(contractSpec({ maxTrials: 20 }));
    for (const direction of ["minimize", "maximize"] as const) {
      const { text } = leaderboardStatement(direction);
      const plan = (await sql.rows<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, [study.id, 10]))
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan).toContain(`Index Scan using trials_leaderboard_${direction === "minimize" ? "asc" : "desc"}_idx`);
      expect(plan).not.toMatch(/Sort/);
    }
  });

  it("gives a trial the same timestamps through its plain-SQL reads (leaderboard) as through Prisma's (trial)", async () => {
    const study = await store.createStudy(contractSpec({ maxTrials: 5 }));
    const [t] = await store.createTrials(study.id, [{ params: { x: 1 } }]);
    await completeTrials(store, [t!.id]);
    const [fromSql] = await store.leaderboard(study.id, "minimize", 1);
    const fromPrisma = await store.trial(study.id, 0);
    expect([fromSql?.createdAt, fromSql?.startedAt, fromSql?.finishedAt]).toEqual([
      fromPrisma.createdAt,
      fromPrisma.startedAt,
      fromPrisma.finishedAt,
    ]);
    // And the database's clock, stored as UTC: within a minute of this process's clock.
    expect(Math.abs(fromPrisma.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
