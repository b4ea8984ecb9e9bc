import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import type { Params, SearchSpace } from "../space/types.js";
import { GpSampler, refitPoint } from "./gp.js";
import { suggest } from "./suggest.js";

describe("GP hyperparameter refits", () => {
  it("refit at every count up to the fit cap, then each time the count grows by a sixteenth", () => {
    expect([10, 40, 64].map((c) => refitPoint(c, 64))).toEqual([10, 40, 64]);
    expect([65, 67, 68, 71, 72].map((c) => refitPoint(c, 64))).toEqual([64, 64, 68, 68, 72]);
    const points = new Set(Array.from({ length: 136 }, (_, i) => refitPoint(65 + i, 64)));
    expect(points.size).toBe(21);
    for (let c = 65; c <= 400; c++) {
      expect(refitPoint(c, 64)).toBeLessThanOrEqual(c);
      expect(refitPoint(c, 64)).toBeGreaterThanOrEqual(refitPoint(c - 1, 64));
    }
  });

  it("proposes from the history alone: a fresh instance between refits agrees with the one that ran the study", () => {
    const space: SearchSpace = {
      x: { type: "float", low: -2, high: 2 },
      y: { type: "float", low: -2, high: 2 },
    };
    const f = (p: Params): number => ((p.x as number) - 0.3) ** 2 + ((p.y as number) + 0.7) ** 2;
    const options = { nStartupTrials: 5, maxFitPoints: 40, fitIterations: 10 };
    const long = new GpSampler(options, 3);
    const trials: TrialRecord[] = [];
    const proposals: Params[] = [];
    for (let n = 0; n < 48; n++) {
      const params = suggest(long, space, { directions: ["minimize"], trials }, n, 3);
      proposals.push(params);
      trials.push({ number: n, state: "COMPLETE", params, values: [f(params)], intermediate: new Map() });
    }
    // Trial 45 is asked with 45 completed: hyperparameters from the refit at 44 trials, fitted the ask before.
    expect(refitPoint(45, 40)).toBe(44);
    for (const n of [45, 47]) {
      const fresh = suggest(
        new GpSampler(options, 3),
        space,
        { directions: ["minimize"], trials: trials.slice(0, n) },
        n,
        3,
      );
      expect(fresh).toEqual(proposals[n]);
    }
  });
});
