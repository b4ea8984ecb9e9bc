import type { TrialTableJson } from "@rectune/api-contract";
import { describe, expect, it } from "vitest";
import { bestSoFar, mergeRow, rowsOfTable, type TrialPoint } from "./trial-rows";

/** A row's fields as a plain object (table rows read their columns through getters). */
const plain = (r: TrialPoint): TrialPoint => ({
  number: r.number,
  state: r.state,
  values: r.values,
  params: r.params,
  metrics: r.metrics,
  sampler: r.sampler,
  pruner: r.pruner,
  durationMs: r.durationMs,
  lastStep: r.lastStep,
});

const table: TrialTableJson = {
  studyId: 1,
  directions: ["maximize"],
  objectives: ["ndcg@10"],
  number: [0, 1, 2],
  state: ["COMPLETE", "PRUNED", "COMPLETE"],
  values: [[0.2, null, 0.3]],
  params: { lr: [0.1, 0.01, 0.001], opt: ["adam", "sgd", null] },
  metrics: { "ndcg@10": [0.2, null, 0.3], "test/ndcg@10": [0.19, null, 0.28] },
  sampler: ["auto:qmc", "auto:qmc", "auto:gp"],
  pruner: ["none", "asha", "asha"],
  durationMs: [100, 50, 120],
  lastStep: [10, 3, 10],
  pareto: [],
};

describe("trial rows", () => {
  it("turns the API's columns into one row per trial", () => {
    const rows = rowsOfTable(table);
    expect(plain(rows[2]!)).toEqual({
      number: 2,
      state: "COMPLETE",
      values: [0.3],
      params: { lr: 0.001, opt: null },
      metrics: { "ndcg@10": 0.3, "test/ndcg@10": 0.28 },
      sampler: "auto:gp",
      pruner: "asha",
      durationMs: 120,
      lastStep: 10,
    });
  });

  it("merges a live trial in its place and draws the best so far by the direction", () => {
    const rows = rowsOfTable(table);
    const replaced = mergeRow(rows, { ...plain(rows[1]!), state: "FAILED" });
    expect(replaced.map((r) => r.state)).toEqual(["COMPLETE", "FAILED", "COMPLETE"]);
    const added = mergeRow(rows, { ...plain(rows[0]!), number: 7, values: [0.5] });
    expect(added.map((r) => r.number)).toEqual([0, 1, 2, 7]);
    expect(bestSoFar(added, "maximize")).toEqual([
      [0, 0.2],
      [2, 0.3],
      [7, 0.5],
    ]);
    expect(bestSoFar(added, "minimize")).toEqual([
      [0, 0.2],
      [2, 0.2],
      [7, 0.2],
    ]);
  });
});
