import { parseStudySpec, type StudySpecInput } from "@rectune/spec";
import { createMemoryStore, type Store } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { AskTell } from "./ask-tell.js";
import { BudgetSpentError, LeaseLostError, NotAskableError, TrialInputError } from "./errors.js";

const external = (strategy: Partial<StudySpecInput["strategy"]> = {}): StudySpecInput => ({
  name: "external",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target: { kind: "external", name: "pytorch-mf", steps: 5 },
  space: { lr: { type: "float", low: 0.001, high: 0.1, log: true }, dim: { type: "int", low: 8, high: 64 } },
  strategy: { sampler: "random", pruner: "none", maxTrials: 4, parallelism: 2, ...strategy },
});

function setup(strategy: Partial<StudySpecInput["strategy"]> = {}) {
  let clock = 1_000_000;
  const store: Store = createMemoryStore({ now: () => clock });
  const asks = new AskTell({ store, leaseMs: 30_000, now: () => clock });
  const advance = (ms: number) => (clock += ms);
  return { store, asks, advance, create: () => store.createStudy(parseStudySpec(external(strategy))) };
}

/** The store with a log of the methods called on it (each one round trip to PostgreSQL). */
function counted(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

describe("AskTell", () => {
  it("asks in one store call once it has the study's view (created claimed), and tells in one", async () => {
    const { store: memory } = setup({ maxTrials: 10 });
    const { store, calls } = counted(memory);
    const asks = new AskTell({ store, leaseMs: 30_000 });
    const study = await memory.createStudy(parseStudySpec(external({ maxTrials: 10 })));
    const first = await asks.ask(study.id, "warm-up");
    await asks.tell(first.trialId, first.attempt, { values: [0.1] });
    for (let i = 0; i < 3; i++) {
      calls.length = 0;
      const asked = await asks.ask(study.id, "a");
      expect(calls).toEqual(["createClaimedTrial"]);
      calls.length = 0;
      await asks.tell(asked.trialId, asked.attempt, { values: [0.2] });
      expect(calls).toEqual(["finish"]);
    }
    // With a trial in flight (held by another client, maybe told elsewhere), an ask refreshes it first.
    const held = await asks.ask(study.id, "b");
    calls.length = 0;
    await asks.ask(study.id, "c");
    expect(calls).toEqual(["changedTrials", "createClaimedTrial"]);
    // A trial created elsewhere (enqueued through another process): the store refuses the view's number,
    // the study is read and its view loaded again, and the enqueued trial goes first.
    const [enqueued] = await memory.createTrials(study.id, [{ params: { lr: 0.01, dim: 16 } }]);
    calls.length = 0;
    const next = await asks.ask(study.id, "d");
    expect(next.trialId).toBe(enqueued!.id);
    expect(calls.slice(0, 3)).toEqual(["changedTrials", "createClaimedTrial", "study"]);
    expect(calls.at(-1)).toBe("claim");
    expect((await memory.trialPage(study.id, { offset: 0, limit: 20 })).trials.map((t) => t.state)).toEqual([
      "COMPLETE",
      "COMPLETE",
      "COMPLETE",
      "COMPLETE",
      "RUNNING",
      "RUNNING",
      "RUNNING",
    ]);
    expect(held.number).toBe(4);
  });

  it("hands each client its own sampled trial under a lease, then refuses once the budget is created", async () => {
    const { store, asks, create } = setup();
    const study = await create();
    const got = await Promise.all(["a", "b", "c"].map((c) => asks.ask(study.id, c)));
    expect(got.map((t) => t.number).sort()).toEqual([0, 1, 2]);
    expect(new Set(got.map((t) => t.trialId)).size).toBe(3);
    for (const t of got) {
      expect(t.attempt).toBe(1);
      expect(t.leaseUntil.getTime()).toBe(1_030_000);
      expect(t.params.lr).toBeGreaterThanOrEqual(0.001);
      expect(Number.isInteger(t.params.dim)).toBe(true);
    }
    const rows = await store.trialPage(study.id, { offset: 0, limit: 10 });
    expect(rows.trials.map((t) => [t.state, t.workerId])).toEqual([
      ["RUNNING", "a"],
      ["RUNNING", "b"],
      ["RUNNING", "c"],
    ]);
    await asks.ask(study.id, "d");
    await expect(asks.ask(study.id, "e")).rejects.toBeInstanceOf(BudgetSpentError);
  });

  it("records reports and results only from the holding attempt, and completes the study at its budget", async () => {
    const { store, asks, create } = setup({ maxTrials: 2 });
    const study = await create();
    const [a, b] = [await asks.ask(study.id, "a"), await asks.ask(study.id, "b")];
    expect(await asks.report(a.trialId, a.attempt, 1, { "ndcg@10": 0.1, loss: 2 })).toMatchObject({
      prune: false,
      reason: null,
    });
    await expect(asks.report(a.trialId, a.attempt, 2, { loss: 1 })).rejects.toMatchObject({ field: "metrics.ndcg@10" });
    await expect(asks.report(a.trialId, a.attempt + 1, 2, { "ndcg@10": 0.2 })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(asks.tell(a.trialId, a.attempt, { values: [0.2, 1] })).rejects.toBeInstanceOf(TrialInputError);
    await asks.tell(a.trialId, a.attempt, { values: [0.25], metrics: { "ndcg@10": 0.25, "test/ndcg@10": 0.24 } });
    await expect(asks.tell(a.trialId, a.attempt, { values: [0.3] })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await store.study(study.id)).status).toBe("RUNNING");
    await asks.tell(b.trialId, b.attempt, { state: "FAILED", error: "CUDA out of memory" });
    const [ta, tb] = (await store.trialPage(study.id, { offset: 0, limit: 10 })).trials;
    expect([ta?.state, ta?.values, ta?.metrics?.["test/ndcg@10"], ta?.lastStep]).toEqual(["COMPLETE", [0.25], 0.24, 1]);
    expect([tb?.state, tb?.error]).toEqual(["FAILED", "CUDA out of memory"]);
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    await expect(asks.ask(study.id, "c")).rejects.toBeInstanceOf(BudgetSpentError);
    await store.createTrials(study.id, []);
    expect(await store.setMaxTrials(study.id, 3)).toMatchObject({ status: "RUNNING" });
    await store.stopStudy(study.id);
    await expect(asks.ask(study.id, "c")).rejects.toBeInstanceOf(NotAskableError);
  });

  it("gives a trial whose lease expired to the next client, under a new attempt that fences the old one", async () => {
    const { store, asks, advance, create } = setup();
    const study = await create();
    const lost = await asks.ask(study.id, "killed");
    advance(31_000);
    expect((await store.reapStaleTrials(30_000)).map((r) => [r.id, r.state])).toEqual([[lost.trialId, "WAITING"]]);
    const again = await asks.ask(study.id, "next");
    expect([again.trialId, again.number, again.attempt, again.params]).toEqual([lost.trialId, 0, 2, lost.params]);
    await expect(asks.report(lost.trialId, lost.attempt, 1, { "ndcg@10": 0.1 })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(asks.renew(lost.trialId, lost.attempt)).rejects.toBeInstanceOf(LeaseLostError);
    expect((await asks.renew(again.trialId, again.attempt)).getTime()).toBe(1_000_000 + 31_000 + 30_000);
    expect((await asks.report(again.trialId, again.attempt, 1, { "ndcg@10": 0.1 })).leaseUntil.getTime()).toBe(
      1_000_000 + 31_000 + 30_000,
    );
  });

  it("prunes with the study's pruner and ends the trial PRUNED with the step's value", async () => {
    const { store, asks, create } = setup({ pruner: { name: "median", minTrials: 2 }, maxTrials: 6 });
    const study = await create();
    for (const value of [0.5, 0.6]) {
      const t = await asks.ask(study.id, "w");
      for (const step of [1, 2, 3]) await asks.report(t.trialId, t.attempt, step, { "ndcg@10": value });
      await asks.tell(t.trialId, t.attempt, { values: [value] });
    }
    const weak = await asks.ask(study.id, "w");
    const verdict = await asks.report(weak.trialId, weak.attempt, 1, { "ndcg@10": 0.1 });
    expect(verdict.prune).toBe(true);
    expect(verdict.reason).toBe("best value 0.1 up to step 1 is outside the top 50% (threshold 0.55 over 2 trials)");
    expect(await store.trial(study.id, weak.number)).toMatchObject({ state: "PRUNED", values: [0.1] });
    await expect(asks.tell(weak.trialId, weak.attempt, { values: [0.1] })).rejects.toBeInstanceOf(LeaseLostError);
  });

  it("enqueues a configuration checked against the space; the next ask runs it", async () => {
    const { asks, create, store } = setup();
    const study = await create();
    await expect(asks.enqueue(study.id, { lr: 0.5, dim: 16 })).rejects.toMatchObject({ field: "params.lr" });
    await expect(asks.enqueue(study.id, { lr: 0.01 })).rejects.toMatchObject({ field: "params.dim" });
    const created = await asks.enqueue(study.id, { lr: 0.01, dim: 16 });
    const asked = await asks.ask(study.id, "w");
    expect([asked.trialId, asked.params]).toEqual([created.id, { lr: 0.01, dim: 16 }]);
    expect((await store.trial(study.id, 0)).strategy).toEqual({ sampler: "enqueued" });
    expect((await asks.ask(study.id, "w")).number).toBe(1);
  });

  it("asks the caller's guard about the trial's study before writing anything", async () => {
    const { asks, create, store } = setup();
    const study = await create();
    const t = await asks.ask(study.id, "w");
    const seen: number[] = [];
    const refuse = async (studyId: number) => {
      seen.push(studyId);
      throw new Error("not your project");
    };
    await expect(asks.report(t.trialId, t.attempt, 1, { "ndcg@10": 0.1 }, refuse)).rejects.toThrow("not your project");
    await expect(asks.renew(t.trialId, t.attempt, refuse)).rejects.toThrow("not your project");
    await expect(asks.tell(t.trialId, t.attempt, { values: [0.1] }, refuse)).rejects.toThrow("not your project");
    expect(seen).toEqual([study.id, study.id, study.id]);
    expect(await store.trial(study.id, 0)).toMatchObject({ state: "RUNNING", lastStep: null });
  });

  it("hands out a trial enqueued at the budget's edge instead of answering the budget spent", async () => {
    const { asks, create, store } = setup({ maxTrials: 3 });
    const study = await create();
    for (let i = 0; i < 2; i++) {
      const asked = await asks.ask(study.id, "a");
      await asks.tell(asked.trialId, asked.attempt, { values: [0.1] });
    }
    const enqueued = await asks.enqueue(study.id, { lr: 0.01, dim: 16 });
    const next = await asks.ask(study.id, "a");
    expect([next.trialId, next.number]).toEqual([enqueued.id, 2]);
    await asks.tell(next.trialId, next.attempt, { values: [0.2] });
    expect((await store.study(study.id)).status).toBe("COMPLETED");
    await expect(asks.ask(study.id, "a")).rejects.toBeInstanceOf(BudgetSpentError);
  });

  it("refuses an enqueue whose study another process's ask filled after the enqueue read it", async () => {
    const { store, create } = setup({ maxTrials: 3 });
    const study = await create();
    const elsewhere = new AskTell({ store, leaseMs: 30_000 });
    for (let i = 0; i < 2; i++) await elsewhere.ask(study.id, "b");
    // This process's enqueue reads the study (2 trials of 3), then the other process's ask takes the last one.
    const racing = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== "study") return Reflect.get(target, name, receiver) as unknown;
        return async (id: number) => {
          const row = await target.study(id);
          await elsewhere.ask(id, "b");
          return row;
        };
      },
    });
    const asks = new AskTell({ store: racing, leaseMs: 30_000 });
    await expect(asks.enqueue(study.id, { lr: 0.01, dim: 16 })).rejects.toBeInstanceOf(BudgetSpentError);
    expect((await store.study(study.id)).trialCount).toBe(3);
  });

  it("finds a trial a stop failed and a resume put back, though its view saw it fail", async () => {
    const { asks, advance, create, store } = setup({ maxTrials: 2 });
    const study = await create();
    // Trial 0, handed out here, is reaped back to WAITING; a stop FAILS it, which an ask during the stop sees.
    const lost = await asks.ask(study.id, "killed");
    advance(31_000);
    await store.reapStaleTrials(30_000);
    await store.stopStudy(study.id);
    await expect(asks.ask(study.id, "a")).rejects.toBeInstanceOf(NotAskableError);
    await store.resumeStudy(study.id);
    const asked = [await asks.ask(study.id, "a"), await asks.ask(study.id, "b")];
    expect(asked.map((t) => t.number).sort()).toEqual([0, 1]);
    expect(asked.some((t) => t.trialId === lost.trialId)).toBe(true);
  });

  it("refuses studies run by the cluster's workers", async () => {
    const { asks, store } = setup();
    const study = await store.createStudy(
      parseStudySpec({
        ...external(),
        objective: { metric: "value", direction: "minimize" },
        target: { kind: "function", name: "branin" },
      }),
    );
    await expect(asks.ask(study.id, "w")).rejects.toBeInstanceOf(NotAskableError);
  });
});
