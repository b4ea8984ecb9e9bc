import { describe, expect, it } from "vitest";
import { StudyView } from "./study-view.js";

const record = (number: number, state: "WAITING" | "RUNNING" | "COMPLETE", values: number[] | null = null) => ({
  number,
  state,
  params: { x: number },
  values,
  intermediate: new Map<number, number>(),
});

describe("StudyView", () => {
  it("tracks trials in flight by the state last seen, and counts finished ones", () => {
    const view = new StudyView(["minimize"]);
    view.add(record(0, "COMPLETE", [1]));
    view.add(record(1, "RUNNING"), 11);
    view.add(record(2, "WAITING"), 12);
    expect([view.created, view.finished, view.inflightCount, view.waitingCount]).toEqual([3, 1, 2, 1]);
    expect(view.knownStates()).toEqual({ waiting: [12], running: [11] });
    view.update(12, "RUNNING", null);
    view.update(11, "COMPLETE", [0.5]);
    expect(view.knownStates()).toEqual({ waiting: [], running: [12] });
    expect([view.finished, view.waitingCount, view.trials[1]?.values]).toEqual([2, 0, [0.5]]);
    view.update(12, "WAITING", null); // handed back
    expect(view.knownStates()).toEqual({ waiting: [12], running: [] });
  });

  it("shows proposals to the next ask without copying, binds them to ids, and drops them on failure", () => {
    const view = new StudyView(["minimize"]);
    view.add(record(0, "COMPLETE", [1]));
    const before = view.trials;
    expect(view.propose({ x: 1 }, { sampler: "random" })).toBe(1);
    expect(view.propose({ x: 2 }, { sampler: "random" })).toBe(2);
    expect(view.trials).toBe(before);
    expect(view.trials.map((t) => t.state)).toEqual(["COMPLETE", "WAITING", "WAITING"]);
    expect(view.created).toBe(1);
    view.confirm([
      { id: 21, number: 1, params: { x: 1 } },
      { id: 22, number: 2, params: { x: 2 } },
    ]);
    expect([view.created, view.inflightCount, view.waitingCount]).toEqual([3, 2, 2]);

    view.propose({ x: 3 }, { sampler: "random" });
    view.discardProposals();
    expect(view.trials).toHaveLength(3);

    view.propose({ x: 3 }, { sampler: "random" });
    expect(() => view.confirm([{ id: 30, number: 7, params: { x: 3 } }])).toThrow(/outside this scheduler/);
    expect([view.trials.length, view.created]).toEqual([3, 3]);
  });
});
