import { describe, expect, it } from "vitest";
import { trialsCsv } from "./export.js";

type Trial = Parameters<typeof trialsCsv>[0][number];

const trial = (over: Partial<Trial>): Trial =>
  ({
    number: 0,
    state: "COMPLETE",
    params: {},
    values: null,
    metrics: null,
    attempt: 1,
    strategy: null,
    lastStep: null,
    error: null,
    createdAt: "2026-12-06T00:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    ...over,
  }) as Trial;

describe("export --format csv", () => {
  it("has one column per parameter and metric over all trials, best epoch first, quoting what needs it", () => {
    const csv = trialsCsv([
      trial({
        values: [0.3],
        params: { lr: 0.01, opt: "adam" },
        metrics: { "ndcg@10": 0.3, "test/ndcg@10": 0.28, bestEpoch: 4 },
        lastStep: 6,
        durationMs: 1500,
      }),
      trial({ number: 1, state: "FAILED", params: { lr: 0.1 }, error: "diverged, at epoch 2", attempt: 3 }),
    ]);
    expect(csv.trim().split("\n")).toEqual([
      "number,state,value,bestEpoch,lastStep,attempt,durationMs,param:lr,param:opt,ndcg@10,test/ndcg@10,error",
      "0,COMPLETE,0.3,4,6,1,1500,0.01,adam,0.3,0.28,",
      '1,FAILED,,,,3,,0.1,,,,"diverged, at epoch 2"',
    ]);
  });
});
