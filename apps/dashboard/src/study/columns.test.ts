import { describe, expect, it } from "vitest";
import { columnsOf, compareCells, defaultColumns, sortRows, toCsv } from "./columns";
import type { TrialPoint } from "./trial-rows";

const row = (number: number, value: number | null, opt: string): TrialPoint => ({
  number,
  state: value === null ? "PRUNED" : "COMPLETE",
  values: [value],
  params: { lr: 0.01 * (number + 1), opt },
  metrics: { "ndcg@10": value, "recall@20": 0.5, "test/ndcg@10": 0.1, bestEpoch: 4 },
  sampler: "auto:gp",
  pruner: "asha",
  durationMs: 1500,
  lastStep: 4,
});

describe("leaderboard columns", () => {
  const columns = columnsOf(
    ["ndcg@10"],
    ["lr", "opt"],
    ["ndcg@10", "recall@20", "test/ndcg@10", "bestEpoch", "epochs"],
  );

  it("offers objectives, params, validation and test metrics, best epoch, state, duration and strategy", () => {
    expect(columns.map((c) => `${c.group}:${c.label}`)).toEqual([
      "objective:ndcg@10",
      "param:lr",
      "param:opt",
      "validation:recall@20",
      "test:test/ndcg@10",
      "trial:best epoch",
      "trial:state",
      "trial:duration (s)",
      "trial:strategy",
    ]);
    expect(defaultColumns(columns)).toHaveLength(9);
    expect(columns.at(-1)!.value(row(0, 0.2, "adam"))).toBe("auto:gp/asha");
  });

  it("sorts missing values last in both orders", () => {
    const values = [0.3, null, 0.1, 0.2];
    expect([...values].sort((a, b) => compareCells(a, b, false))).toEqual([0.1, 0.2, 0.3, null]);
    expect([...values].sort((a, b) => compareCells(a, b, true))).toEqual([0.3, 0.2, 0.1, null]);
  });

  it("sorts rows by a numeric or a text column, missing values last, ties by trial number", () => {
    const rows = [row(0, 0.2, "sgd"), row(1, null, "adam"), row(2, 0.3, "adam"), row(3, 0.2, "sgd")];
    const value = columns[0]!;
    const opt = columns.find((c) => c.label === "opt")!;
    expect(sortRows(rows, value, true).map((r) => r.number)).toEqual([2, 0, 3, 1]);
    expect(sortRows(rows, value, false).map((r) => r.number)).toEqual([0, 3, 2, 1]);
    expect(sortRows(rows, opt, false).map((r) => r.number)).toEqual([1, 2, 0, 3]);
  });

  it("exports CSV with quoted cells where needed", () => {
    const csv = toCsv([row(0, 0.25, "adam"), row(1, null, 'say "hi", ok')], columns.slice(0, 3));
    expect(csv).toBe('trial,ndcg@10,lr,opt\r\n0,0.25,0.01,adam\r\n1,,0.02,"say ""hi"", ok"\r\n');
  });
});
