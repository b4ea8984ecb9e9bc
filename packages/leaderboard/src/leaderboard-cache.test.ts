import { parseStudySpec } from "@rectune/spec";
import { createMemoryStore, NotFoundError, type Store } from "@rectune/store";
import { beforeEach, describe, expect, it } from "vitest";
import { type Leaderboard, LeaderboardCache } from "./leaderboard-cache.js";

const spec = parseStudySpec({
  name: "board",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: { x: { type: "float", low: 0, high: 1 } },
  strategy: { maxTrials: 50 },
});

const render = (board: Leaderboard) => ({
  study: board.studyId,
  direction: board.direction,
  trials: board.trials.map((t) => [t.number, t.values?.[0]]),
});

/** A memory store whose leaderboard reads are counted, and can be held open until `release`. */
function countedReads(store: Store) {
  const reads = {
    count: 0,
    gate: undefined as Promise<void> | undefined,
    study: store.study,
    watchLeaderboards: store.watchLeaderboards,
    leaderboard: async (...args: Parameters<Store["leaderboard"]>) => {
      reads.count++;
      const rows = await store.leaderboard(...args);
      await reads.gate;
      return rows;
    },
  };
  return reads;
}

async function completeWith(store: Store, studyId: number, values: readonly number[]): Promise<void> {
  const created = await store.createTrials(
    studyId,
    values.map((v) => ({ params: { x: v } })),
  );
  for (const [i, t] of created.entries()) {
    const held = await store.claim(t.id, "w");
    await store.finish(t.id, held!.attempt, { state: "COMPLETE", values: [values[i]!] });
  }
}

const numbers = (body: Buffer) =>
  (JSON.parse(body.toString()) as { trials: [number, number][] }).trials.map((t) => t[0]);

describe("LeaderboardCache", () => {
  let store: Store;
  let reads: ReturnType<typeof countedReads>;
  let studyId: number;

  beforeEach(async () => {
    store = createMemoryStore();
    reads = countedReads(store);
    studyId = (await store.createStudy(spec)).id;
    await completeWith(store, studyId, [0.5, 0.2, 0.9]);
  });

  it("answers 100 concurrent readers of one board with one read, best first", async () => {
    const cache = new LeaderboardCache({ reads, render });
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.answer(studyId, 10)));
    expect(reads.count).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(numbers(answers[0]!.body)).toEqual([1, 0, 2]);
    expect(answers[0]!.etag).toMatch(/^"[\w-]+"$/);
    expect(answers[0]!.headers).toEqual(expect.arrayContaining(["content-length", String(answers[0]!.body.length)]));
  });

  it("keeps an answer while its study does not change, and reads again after a completion", async () => {
    const cache = new LeaderboardCache({ reads, render });
    const first = await cache.answer(studyId, 10);
    expect(cache.keptAnswer(studyId, 10)).toBe(first);
    await cache.answer(studyId, 10);
    expect(reads.count).toBe(1);
    await completeWith(store, studyId, [0.1]);
    expect(cache.keptAnswer(studyId, 10)).toBeUndefined();
    const after = await cache.answer(studyId, 10);
    expect([reads.count, numbers(after.body)]).toEqual([2, [3, 1, 0, 2]]);
    expect(after.etag).not.toBe(first.etag);
    // A fresh answer is read even when one is kept.
    await cache.answer(studyId, 10, true);
    expect(reads.count).toBe(3);
  });

  it("does not keep a read that a change overlapped, nor anything while changes are not delivered", async () => {
    const cache = new LeaderboardCache({ reads, render });
    let release: () => void = () => {};
    reads.gate = new Promise((r) => (release = r));
    const pending = cache.answer(studyId, 10);
    // Until the read is in flight: the cache starts its round in a setImmediate, which a setTimeout(0)
    // may run before (Node does not order the two outside I/O callbacks), and a read that starts after
    // the change rightly keeps its answer.
    while (reads.count === 0) await new Promise((r) => setImmediate(r));
    await completeWith(store, studyId, [0.05]);
    release();
    await pending;
    expect(cache.keptAnswer(studyId, 10)).toBeUndefined();
    reads.gate = undefined;
    cache.listening(false);
    await cache.answer(studyId, 10);
    expect(cache.keptAnswer(studyId, 10)).toBeUndefined();
    cache.listening(true);
    await cache.answer(studyId, 10);
    expect(cache.keptAnswer(studyId, 10)).toBeDefined();
    cache.close();
    expect(cache.keptAnswer(studyId, 10)).toBeUndefined();
  });

  it("ranks a study of several objectives by non-dominated front, then crowding distance", async () => {
    const both = await store.createStudy(
      parseStudySpec({
        ...spec,
        objective: [
          { metric: "value", direction: "minimize" },
          { metric: "value", direction: "maximize" },
        ],
      }),
    );
    // (minimize, maximize): 0, 1 and 2 are the front (a trade-off); 3 is behind 1; 4 behind everything.
    const values = [
      [0.1, 0.1],
      [0.5, 0.5],
      [0.9, 0.9],
      [0.6, 0.4],
      [0.95, 0.05],
    ];
    const created = await store.createTrials(
      both.id,
      values.map(() => ({ params: { x: 0 } })),
    );
    for (const [i, t] of created.entries()) {
      const held = await store.claim(t.id, "w");
      await store.finish(t.id, held!.attempt, { state: "COMPLETE", values: values[i]! });
    }
    const cache = new LeaderboardCache({ reads, render });
    expect(numbers((await cache.answer(both.id, 10)).body)).toEqual([0, 2, 1, 3, 4]);
    expect(numbers((await cache.answer(both.id, 2)).body)).toEqual([0, 2]);
  });

  it("fails an unknown study's request alone, and drops the boards kept longest beyond its memory", async () => {
    const other = (await store.createStudy(spec)).id;
    await completeWith(store, other, [0.3, 0.4]);
    const measure = new LeaderboardCache({ reads, render });
    const size = async (id: number, limit: number) => (await measure.answer(id, limit)).body.length;
    // Room for the other study's two boards, not for a third.
    const cache = new LeaderboardCache({ reads, render, keptBytes: (await size(other, 10)) + (await size(other, 1)) });
    const [missing, found] = await Promise.allSettled([cache.answer(987_654, 10), cache.answer(studyId, 10)]);
    expect(missing.status === "rejected" && missing.reason instanceof NotFoundError).toBe(true);
    expect(found.status).toBe("fulfilled");
    expect(cache.keptAnswer(studyId, 10)).toBeDefined();
    await cache.answer(other, 10);
    await cache.answer(other, 1);
    expect(cache.keptAnswer(studyId, 10)).toBeUndefined();
    expect([cache.keptAnswer(other, 10), cache.keptAnswer(other, 1)].every(Boolean)).toBe(true);
  });
});
