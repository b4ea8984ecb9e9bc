import { describe, expect, it } from "vitest";
import { recordedBest, recordedEpochs, recordedLastEpochs, type RecordedTable } from "./recorded.js";

/** 2 dims × 3 learning rates × 2 losses, 2 epochs: curves[i] = [epoch 1, epoch 2]. */
const table: RecordedTable = {
  grid: "test",
  dataset: "none",
  metric: "ndcg@10",
  commit: "0",
  command: "none",
  epochs: 2,
  axes: [
    { name: "dim", values: [8, 32], scale: "log-int" },
    { name: "lr", values: [0.001, 0.01, 0.1], scale: "log" },
    { name: "loss", values: ["bce", "bpr"], scale: "categorical" },
  ],
  curves: [
    // dim 8: lr 0.001 (bce, bpr), 0.01 (bce, bpr), 0.1 (bce, bpr)
    [0.01, 0.02],
    [0.03, 0.04],
    [0.05, 0.06],
    [0.07, 0.08],
    [0.09, 0.1],
    [0.11, 0.12],
    // dim 32
    [0.13, 0.14],
    [0.15, 0.16],
    [0.17, 0.18],
    [0.3, 0.19],
    [0.2, 0.21],
    [0.22, 0.23],
  ],
};

describe("recorded-recommender problems", () => {
  const best = recordedBest("t", table);
  const epochs = recordedEpochs("t-epochs", table);

  it("returns the best epoch's value at every grid point, the first axis varying slowest", () => {
    expect(best.f({ dim: 8, lr: 0.001, loss: "bce" })).toBeCloseTo(-0.02, 12);
    expect(best.f({ dim: 8, lr: 0.01, loss: "bpr" })).toBeCloseTo(-0.08, 12);
    expect(best.f({ dim: 32, lr: 0.01, loss: "bpr" })).toBeCloseTo(-0.3, 12);
    expect(epochs.f({ dim: 32, lr: 0.01, loss: "bpr", epochs: 2 })).toBeCloseTo(-0.19, 12);
  });

  it("interpolates linearly in the logarithm between grid points, within the categorical's slice", () => {
    // lr = √(0.001·0.01) is halfway on the log axis; dim 16 is halfway between 8 and 32 in log2.
    expect(best.f({ dim: 8, lr: Math.sqrt(0.001 * 0.01), loss: "bce" })).toBeCloseTo(-(0.02 + 0.06) / 2, 12);
    expect(best.f({ dim: 16, lr: 0.1, loss: "bpr" })).toBeCloseTo(-(0.12 + 0.23) / 2, 12);
    expect(epochs.f({ dim: 16, lr: 0.01, loss: "bpr", epochs: 1 })).toBeCloseTo(-(0.07 + 0.3) / 2, 12);
  });

  it("spans the grid's range and knows its optimum and where it is", () => {
    expect(best.space.lr).toEqual({ type: "float", low: 0.001, high: 0.1, log: true });
    expect(best.space.dim).toEqual({ type: "int", low: 8, high: 32, log: true });
    expect(best.optimum).toBe(-0.3);
    expect(best.argmin).toEqual({ dim: 32, lr: 0.01, loss: "bpr" });
    expect(epochs.optimum).toBe(-0.3);
    expect(epochs.argmin).toEqual({ dim: 32, lr: 0.01, loss: "bpr", epochs: 1 });
    expect(epochs.space.epochs).toEqual({ type: "int", low: 1, high: 2 });
  });

  it("observes the last epochs' mean with their spread as noise", () => {
    const last = recordedLastEpochs("t-last", table);
    // Two epochs recorded: the last three are both; at dim 32, lr 0.01, bpr: 0.3 and 0.19.
    expect(last.f({ dim: 32, lr: 0.01, loss: "bpr" })).toBeCloseTo(-0.245, 12);
    expect(last.noiseSd!({ dim: 32, lr: 0.01, loss: "bpr" }, 0)).toBeCloseTo(0.055, 12);
    expect(last.noiseSd!({ dim: 8, lr: 0.001, loss: "bce" }, 0)).toBeCloseTo(0.005, 12);
    expect(last.optimum).toBeCloseTo(-0.245, 12);
  });
});
