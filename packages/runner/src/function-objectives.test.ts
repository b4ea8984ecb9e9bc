import { curveObjective, type Params } from "@rectune/search";
import { parseStudySpec } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { functionObjective } from "./function-objectives.js";
import type { Checkpoint, StepVerdict } from "./objective.js";

const spec = parseStudySpec({
  name: "curve",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 6 },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: { maxTrials: 1 },
});
if (spec.target.kind !== "function") throw new Error("unreachable");
const curve = functionObjective(spec.target).run;

async function run(params: Params, start: Checkpoint | null, verdict: (step: number) => StepVerdict) {
  const reports: number[] = [];
  const values: number[] = [];
  const saved: number[] = [];
  const result = await curve({
    params,
    spec,
    trialNumber: 0,
    start,
    signal: new AbortController().signal,
    saveCheckpoint: async (step) => {
      saved.push(step);
    },
    report: async (step, metrics) => {
      expect(saved.at(-1)).toBe(step); // the checkpoint is stored before its report
      reports.push(step);
      values.push(metrics.value as number);
      return verdict(step);
    },
  });
  return { reports, saved, values, value: result.metrics.value };
}

describe("the curve target", () => {
  const params = { x: 0.2, lr: 0.001 };

  it("reports every step and ends with the last value", async () => {
    const { reports, values, value } = await run(params, null, () => "continue");
    expect(reports).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values).toEqual(reports.map((s) => curveObjective(params, s)));
    expect(value).toBe(curveObjective(params, 6));
  });

  it("resumes after the checkpoint it is given, and stops when told", async () => {
    expect((await run(params, { step: 3, data: new Uint8Array() }, () => "continue")).reports).toEqual([4, 5, 6]);
    const stopped = await run(params, null, (s) => (s === 2 ? "stop" : "continue"));
    expect([stopped.reports, stopped.value]).toEqual([[1, 2], curveObjective(params, 2)]);
    // Resumed after its last step (the previous attempt died before finishing): nothing to train.
    expect(await run(params, { step: 6, data: new Uint8Array() }, () => "continue")).toEqual({
      reports: [],
      saved: [],
      values: [],
      value: curveObjective(params, 6),
    });
  });

  it("trains on under the params an exploit hands it", async () => {
    const exploit: StepVerdict = {
      action: "exploit",
      params: { x: 0.7, lr: 0.01 },
      checkpoint: { step: 4, data: new Uint8Array() },
    };
    const { values, value } = await run(params, null, (s) => (s === 4 ? exploit : "continue"));
    expect(values.slice(3)).toEqual([
      curveObjective(params, 4),
      curveObjective(exploit.params, 5),
      curveObjective(exploit.params, 6),
    ]);
    expect(value).toBe(curveObjective(exploit.params, 6));
  });
});
