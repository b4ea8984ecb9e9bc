import { describe, expect, it } from "vitest";
import { AshaPruner } from "../pruners/asha.js";
import { NoPruner } from "../pruners/none.js";
import { simulateStudy } from "../pruners/simulate.js";
import { curveSpace, curveTrainable } from "./curve.js";
import { configKey, recordedTrainable } from "./recorded.js";

describe("recordedTrainable", () => {
  it("keys configurations independently of parameter order", () => {
    expect(configKey({ b: 1, a: "x" })).toBe(configKey({ a: "x", b: 1 }));
    expect(configKey({ a: 1 })).not.toBe(configKey({ a: 2 }));
  });

  it("replays recorded curves so that a scheduled study sees prefixes of the full ones", () => {
    // Record the full curves of a study without early stopping, then replay them under ASHA.
    const steps = 9;
    const full = simulateStudy({
      pruner: new NoPruner(),
      trainable: curveTrainable(steps),
      trials: 12,
      workers: 3,
      seed: 5,
    });
    const curves = new Map(full.history.trials.map((t) => [configKey(t.params), [...t.intermediate.values()]]));
    const trainable = recordedTrainable(curveSpace, "minimize", curves);
    expect(trainable.steps).toBe(steps);
    const replay = simulateStudy({
      pruner: new AshaPruner({ minResource: 1, maxResource: steps, reductionFactor: 3 }),
      trainable,
      trials: 12,
      workers: 3,
      seed: 5,
    });
    expect(replay.epochs).toBeLessThan(full.epochs);
    for (const t of replay.history.trials) {
      const recorded = curves.get(configKey(t.params)) ?? [];
      expect([...t.intermediate.values()]).toEqual(recorded.slice(0, t.intermediate.size));
    }
    expect(trainable.value(null, { x: 2, lr: 3 }, 1)).toBeNaN();
  });
});
