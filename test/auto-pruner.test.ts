import { rungSteps, prunerLabel, type PrunerConfig } from "@rectune/search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";

const STEPS = 27;

/** A study on a 27-epoch learning-curve target whose strategy is left to the defaults: sampler and pruner "auto". */
const spec = (name: string, target: "curve" | "crossing", maxTrials: number) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: target, steps: STEPS },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: { maxTrials, parallelism: 2, seed: 5 },
});

interface StrategyBody {
  pruner: { name: string };
  decisions: { trial: number; kind: string; from: string | null; to: string; reason: string }[];
  pruners: { pruner: string; trials: number; share: number; pruned: number }[];
}
interface PrunerStrategy {
  sampler: string;
  pruner: string;
  prunerConfig: PrunerConfig;
  prunerBasis: string;
}

describe('pruner "auto" in the cluster', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.started([["--concurrency", "2"]]);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  const run = async (name: string, target: "curve" | "crossing", maxTrials: number) => {
    const { id } = await cluster.submit(spec(name, target, maxTrials));
    await cluster.waitForStatus(id, "COMPLETED", 120_000);
    const trials = await cluster.trials(id);
    const body = (await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/strategy`)).json()) as StrategyBody;
    return {
      id,
      trials: trials.map((t) => ({
        ...t,
        strategy: t.strategy as unknown as PrunerStrategy,
        last: t.lastStep ?? 0,
      })),
      body,
    };
  };

  it("calibrates, then prunes with ASHA when early epochs predict the final values (curve)", async () => {
    const { id, trials, body } = await run("auto curve", "curve", 40);
    expect(trials).toHaveLength(40);
    expect(body.pruner).toEqual({ name: "auto" });
    const log = body.decisions.filter((d) => d.kind === "pruner");
    expect(log[0]).toMatchObject({ trial: 0, from: null, to: "none" });
    expect(log[0]!.reason).toMatch(/^calibrating/);
    expect(log[1]).toMatchObject({ from: "none", to: "asha(1..27, η 3)" });
    expect(log[1]!.reason).toMatch(/ρ\(epoch 1, final\) = (0\.[789]\d|1\.00) ≥ 0\.7/);
    const switchAt = log[1]!.trial;
    expect(switchAt).toBeGreaterThanOrEqual(6);

    // Every trial carries the choice the log says was in force when it was proposed, and the worker
    // applied it: trials under "none" ran every epoch, pruned ones stopped at one of their pruner's rungs.
    for (const t of trials) {
      const inForce = log.filter((d) => d.trial <= t.number).at(-1)!;
      expect(prunerLabel(t.strategy.prunerConfig), `trial ${t.number}`).toBe(inForce.to);
      expect(t.strategy.prunerBasis).toBe(t.number < switchAt ? "calibrating" : "correlations");
      const config = t.strategy.prunerConfig;
      if (t.state !== "PRUNED") expect([t.state, t.last]).toEqual(["COMPLETE", STEPS]);
      else if (config.name === "asha") expect(rungSteps(config)).toContain(t.last);
      else
        expect([config.name, t.last >= (config.name === "median" ? config.warmupSteps : Infinity)]).toEqual([
          "median",
          true,
        ]);
    }
    const asha = body.pruners.find((s) => s.pruner === "asha")!;
    expect(asha.pruned).toBeGreaterThan(asha.trials / 2);
    expect(asha.trials).toBeGreaterThan(20);
    expect(body.pruners.find((s) => s.pruner === "none")?.pruned).toBe(0);

    // The leaderboard shows sampler and pruner of each trial.
    const board = (await (await fetch(`${cluster.apiUrl}/v1/studies/${id}/leaderboard?limit=40`)).json()) as {
      trials: { strategy: PrunerStrategy }[];
    };
    expect(board.trials.some((t) => /^auto:\w+$/.test(t.strategy.sampler) && t.strategy.pruner === "asha")).toBe(true);
  });

  it("stops pruning when early epochs rank the trials in reverse of their final values (crossing)", async () => {
    const { trials, body } = await run("auto crossing", "crossing", 24);
    const log = body.decisions.filter((d) => d.kind === "pruner");
    expect(log.map((d) => [d.from, d.to])).toEqual([
      [null, "none"],
      ["none", "none"],
    ]);
    expect(log[1]!.reason).toMatch(
      /ρ\(epoch 9, final\) = -\d\.\d\d < 0\.3: early values do not predict final ones, no pruning/,
    );
    expect(trials.every((t) => t.state === "COMPLETE" && t.last === STEPS)).toBe(true);
    expect(trials.filter((t) => t.strategy.prunerBasis === "correlations").length).toBeGreaterThan(10);
    expect(body.pruners).toEqual([{ pruner: "none", trials: 24, share: 1, pruned: 0 }]);
  });
});
