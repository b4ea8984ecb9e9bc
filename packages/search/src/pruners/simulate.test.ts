import { describe, expect, it } from "vitest";
import { curveObjective, curveTrainable } from "../benchmarks/curve.js";
import { AshaPruner } from "./asha.js";
import { HyperbandPruner } from "./hyperband.js";
import { NoPruner } from "./none.js";
import type { Pruner } from "./pruner.js";
import { type DecisionEvent, simulateStudy } from "./simulate.js";

const STEPS = 27;
const budget = { minResource: 1, maxResource: STEPS, reductionFactor: 3 };
const trainable = curveTrainable(STEPS);
const run = (pruner: Pruner, seed: number) => simulateStudy({ pruner, trainable, trials: 40, workers: 4, seed });

/**
 * Checks one rung decision against its definition, computed afresh from what the deciding worker saw:
 * with n trials at the rung (the trial included), the top max(1, ⌊n/η⌋) values leave it (minimising).
 */
function checkRungDecision(event: DecisionEvent, peers: readonly number[]): void {
  const all = [...peers, event.value].sort((a, b) => a - b);
  const slots = Math.max(1, Math.floor(all.length / budget.reductionFactor));
  const cutoff = all[slots - 1] as number;
  expect(event.decision.action, `trial ${event.trial} at rung ${event.step}`).toBe(
    event.value <= cutoff ? "continue" : "prune",
  );
}

describe("ASHA in a simulated 4-worker study of 40 curve trials", () => {
  it.each([0, 1, 2, 3])("promotes only the top 1/η of each rung and never prunes the best trial (seed %i)", (seed) => {
    const { history, decisions, epochs } = run(new AshaPruner(budget), seed);
    const rungs = new Set([1, 3, 9]);
    let rungDecisions = 0;
    for (const event of decisions) {
      if (!rungs.has(event.step)) {
        expect(event.decision.action).toBe("continue");
        continue;
      }
      rungDecisions++;
      checkRungDecision(
        event,
        (event.peers.get(event.step) ?? []).map((p) => p.value),
      );
    }
    expect(rungDecisions).toBeGreaterThan(40);

    // Every trial ends, COMPLETE after the full budget or PRUNED at a rung with its last value.
    for (const t of history.trials) {
      const last = Math.max(...t.intermediate.keys());
      expect(t.values).toEqual([t.intermediate.get(last)]);
      expect(t.state).toBe(last === STEPS ? "COMPLETE" : "PRUNED");
      if (t.state === "PRUNED") expect(rungs.has(last)).toBe(true);
    }
    const finals = history.trials.map((t) => curveObjective(t.params, STEPS));
    const best = finals.indexOf(Math.min(...finals));
    expect(history.trials[best]?.state).toBe("COMPLETE");
    expect(epochs).toBeLessThan(0.35 * 40 * STEPS);
  });

  it("faces a curve whose early ranks are not perfectly predictive", () => {
    // Without this, the invariants above would hold trivially.
    const { history } = run(new NoPruner(), 0);
    const at = (step: number) => history.trials.map((t) => t.intermediate.get(step) as number);
    const [early, final] = [at(1), at(STEPS)];
    let inversions = 0;
    for (let i = 0; i < early.length; i++)
      for (let j = i + 1; j < early.length; j++)
        if ((early[i]! - early[j]!) * (final[i]! - final[j]!) < 0) inversions++;
    expect(inversions).toBeGreaterThan(0);
    expect(inversions).toBeLessThan(0.1 * ((40 * 39) / 2));
  });
});

describe("Hyperband in a simulated 4-worker study of 40 curve trials", () => {
  it.each([0, 1])("promotes only the top 1/η of its bracket at each rung (seed %i)", (seed) => {
    const hyperband = new HyperbandPruner(budget, seed);
    const { history, decisions } = run(hyperband, seed);
    for (const event of decisions) {
      const bracket = hyperband.bracketOf(event.trial);
      const rungs = [1, 3, 9].filter((r) => r >= (hyperband.brackets[bracket]?.minResource ?? Infinity));
      if (!rungs.includes(event.step)) {
        expect(event.decision.action).toBe("continue");
        continue;
      }
      const peers = (event.peers.get(event.step) ?? []).filter((p) => hyperband.bracketOf(p.number) === bracket);
      checkRungDecision(
        event,
        peers.map((p) => p.value),
      );
    }
    const finals = history.trials.map((t) => curveObjective(t.params, STEPS));
    expect(history.trials[finals.indexOf(Math.min(...finals))]?.state).toBe("COMPLETE");
  });
});
