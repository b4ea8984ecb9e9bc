import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import type { Params, SearchSpace } from "../space/types.js";
import { HistoryColumns } from "./columns.js";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  model: { type: "categorical", choices: ["mf", "neumf"] },
  layers: { type: "int", low: 1, high: 4, when: { model: ["neumf"] } },
};

const trial = (number: number, params: Params): TrialRecord => ({
  number,
  state: "COMPLETE",
  params,
  values: [number],
  intermediate: new Map(),
});

function history(): TrialRecord[] {
  const lrs = [0.01, 0.1, 0.001, 0.1, 0.5, 0.01, 0.0001, 0.1, 2 /* out of range */, 0.3];
  return lrs.map((lr, i) => trial(i, i % 3 === 0 ? { lr, model: "neumf", layers: 1 + (i % 4) } : { lr, model: "mf" }));
}

const snapshot = (cols: HistoryColumns, n: number) =>
  Object.keys(space).map((name) => {
    const c = cols.column(name);
    return { values: Array.from(c.values.subarray(0, n)), order: Array.from(c.order.subarray(0, c.orderLength)) };
  });

describe("HistoryColumns", () => {
  it("encodes values (NaN when absent or illegal) and orders positions by value, ties by position", () => {
    const cols = new HistoryColumns();
    const trials = history();
    cols.sync(space, trials);
    const lr = cols.column("lr");
    expect(lr.values[2]).toBeCloseTo(Math.log(0.001));
    expect(lr.values[8]).toBeNaN();
    expect(Array.from(lr.order.subarray(0, lr.orderLength))).toEqual([6, 2, 0, 5, 1, 3, 7, 9, 4]);
    expect(Array.from(cols.column("model").values.subarray(0, 4))).toEqual([1, 0, 0, 1]);
    const layers = cols.column("layers");
    expect(Array.from(layers.order.subarray(0, layers.orderLength))).toEqual([0, 9, 6, 3]); // layers 1, 4, 3, 2 at positions 0, 3, 6, 9
    expect(layers.values[1]).toBeNaN();
  });

  it("appending one trial at a time ends where one sync of the whole history does", () => {
    const trials = history();
    const step = new HistoryColumns();
    for (let n = 1; n <= trials.length; n++) step.sync(space, trials.slice(0, n));
    const once = new HistoryColumns();
    once.sync(space, trials);
    expect(snapshot(step, trials.length)).toEqual(snapshot(once, trials.length));
  });

  it("rebuilds when an earlier trial is no longer the one it saw", () => {
    const trials = history();
    const cols = new HistoryColumns();
    cols.sync(space, trials);
    const replaced = [...trials];
    replaced[1] = trial(1, { lr: 0.0002, model: "mf" });
    cols.sync(space, replaced);
    const fresh = new HistoryColumns();
    fresh.sync(space, replaced);
    expect(snapshot(cols, trials.length)).toEqual(snapshot(fresh, trials.length));
    expect(cols.column("lr").order[1]).toBe(1);
  });
});
