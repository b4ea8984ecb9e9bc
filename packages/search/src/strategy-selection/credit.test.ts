import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import { armOf, trialCredits } from "./credit.js";
import { portfolioReport } from "./report.js";

const trial = (
  number: number,
  value: number | null,
  sampler: string,
  state: TrialRecord["state"] = "COMPLETE",
): TrialRecord => ({
  number,
  state,
  params: { x: number },
  values: value === null ? null : [value],
  intermediate: new Map(),
  strategy: { sampler },
});

const values = [5, 3, 4, 1, 9, 2, 8, 0.5, 7, 6];
const history = (scale: (v: number) => number) => ({
  directions: ["minimize" as const],
  trials: values.map((v, i) => trial(i, scale(v), i % 2 ? "auto:gp" : "auto:tpe")),
});

describe("trialCredits", () => {
  it("gives 1 to a new best and nothing below the top fifth of the earlier trials", () => {
    const c = trialCredits(history((v) => v));
    expect(c.map((x) => x.improved)).toEqual([true, true, false, true, false, false, false, true, false, false]);
    expect(c[1]!.credit).toBe(1);
    expect(c[4]!.credit).toBe(0);
    // 2 at trial 5: one of five earlier trials is better (q = 0.2): the edge of the credited fifth.
    expect(c[5]!.credit).toBeCloseTo(0, 12);
  });

  it("depends on ranks only, not on the metric's scale or direction", () => {
    const base = trialCredits(history((v) => v)).map((c) => c.credit);
    expect(trialCredits(history((v) => 1000 * v + 7)).map((c) => c.credit)).toEqual(base);
    // Maximizing -e^v ranks the trials as minimizing v does.
    expect(trialCredits({ ...history((v) => -Math.exp(v)), directions: ["maximize"] }).map((c) => c.credit)).toEqual(
      base,
    );
  });

  it("credits pruned and failed trials with nothing, and skips pending ones", () => {
    const c = trialCredits({
      directions: ["minimize"],
      trials: [trial(0, 1, "auto:gp"), trial(1, null, "auto:gp", "FAILED"), trial(2, null, "auto:gp", "RUNNING")],
    });
    expect(c.map((x) => [x.number, x.credit])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(armOf(trial(0, 1, "auto:cmaes"))).toBe("cmaes");
    expect(armOf(trial(0, 1, "tpe"))).toBeUndefined();
  });
});

describe("portfolioReport", () => {
  it("reports each sampler's share of the trials and of the credit", () => {
    const r = portfolioReport(history((v) => v));
    expect(r.trials).toBe(10);
    const gp = r.samplers.find((s) => s.sampler === "auto:gp")!;
    const tpe = r.samplers.find((s) => s.sampler === "auto:tpe")!;
    expect(gp.share).toBe(0.5);
    expect(gp.improvements + tpe.improvements).toBe(4);
    expect(gp.contribution + tpe.contribution).toBeCloseTo(1, 12);
  });
});
