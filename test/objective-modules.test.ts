import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

const EPOCHS = 6;

/**
 * An objective module (examples/objectives/sgd-regression.ts) on the cluster's workers, loaded from
 * RECTUNE_OBJECTIVES: a worker killed mid-trial loses the trial to another, which resumes it from the
 * checkpoint of the last epoch reported instead of training it again; the module's refit retrains the
 * study's champion before the study completes.
 */
describe("objective modules on workers (RECTUNE_OBJECTIVES)", () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.create({ RECTUNE_OBJECTIVES: "./examples/objectives/sgd-regression.ts" });
    await cluster.startApi();
    cluster.startScheduler();
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("runs a module's trials; a retried attempt resumes from the checkpoint; its refit retrains the champion; the API checks a study's space against the module's schema", async () => {
    const victim = await cluster.startWorker(["--id", "victim"]);
    const { id } = await cluster.submit({
      name: "sgd-module",
      objective: { metric: "mse", direction: "minimize" },
      target: { kind: "module", name: "sgd-regression", steps: EPOCHS, config: { epochMs: 400 } },
      space: { lr: { type: "float", low: 0.01, high: 0.1 }, epochs: { type: "categorical", choices: [EPOCHS] } },
      strategy: { sampler: "random", pruner: "none", maxTrials: 2, parallelism: 1, maxAttempts: 3 },
    });
    // Kill the worker once trial 0 has reported (and checkpointed) two epochs.
    const doomed = await waitFor(
      async () => {
        const trial = (await cluster.trials(id))[0];
        return trial && (await cluster.reports(trial.id)).length >= 2 ? trial : undefined;
      },
      60_000,
      "trial 0 to report two epochs",
    );
    await victim.stop("SIGKILL");
    const before = (await cluster.reports(doomed.id)).length;
    await cluster.startWorker(["--id", "survivor"]);
    await cluster.waitForStatus(id, "COMPLETED", 90_000);

    const [retried, other] = await cluster.trials(id);
    expect([retried?.state, retried?.attempt, retried?.workerId]).toEqual(["COMPLETE", 2, "survivor"]);
    expect(other?.state).toBe("COMPLETE");
    expect(retried?.metrics?.mse).toBeLessThan(0.5);
    // Epochs 1..k from the first attempt, k+1..6 from the second: resumed, not retrained.
    const reports = await cluster.reports(doomed.id);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports.filter((r) => r.attempt === 1).map((r) => r.step)).toEqual(
      Array.from({ length: before }, (_, i) => i + 1),
    );
    expect(reports.filter((r) => r.attempt === 2).map((r) => r.step)[0]).toBe(before + 1);

    // The module has a refit (the worker announced it): before completing, the study's champion was
    // retrained for its best epoch count and scored on test points, in a worker's trial thread.
    const best = [retried!, other!].reduce((a, t) =>
      (t.values?.[0] ?? Infinity) < (a.values?.[0] ?? Infinity) ? t : a,
    );
    const champion = await cluster.store.champion(id);
    expect(champion).toMatchObject({
      trialNumber: best.number,
      state: "COMPLETE",
      refit: { epochs: best.metrics?.bestEpoch, dataset: "sgd-regression: y = 3x - 2, seeds 7/8/9", weightBytes: 16 },
      hasWeights: true,
    });
    expect(champion?.testMetrics?.mse).toBeLessThan(0.5);

    // The API checks a module study's space against the schema a live worker announced (lr <= 1).
    const post = async (spec: unknown) => {
      const res = await fetch(`${cluster.apiUrl}/v1/studies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spec),
      });
      return {
        status: res.status,
        body: (await res.json()) as { field?: string; detail?: string; warnings?: unknown[] },
      };
    };
    const base = {
      name: "sgd-checked",
      objective: { metric: "mse", direction: "minimize" },
      space: { lr: { type: "float", low: 0.5, high: 3 } },
      strategy: { sampler: "random", pruner: "none", maxTrials: 1 },
    };
    const refused = await post({ ...base, target: { kind: "module", name: "sgd-regression" } });
    expect([refused.status, refused.body.field, refused.body.detail]).toEqual([
      400,
      "space.lr",
      "space.lr: objective sgd-regression takes lr <= 1; the space goes to 3",
    ]);
    const unknown = await post({ ...base, target: { kind: "module", name: "two-tower" } });
    expect([unknown.status, unknown.body.warnings]).toEqual([
      201,
      [
        {
          field: "target.name",
          message: 'no live worker runs objective "two-tower" now (RECTUNE_OBJECTIVES): its trials wait for one',
        },
      ],
    ]);
  });
});
