import { curveObjective, curveSpace } from "@rectune/search";
import { afterEach, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

const STEPS = 27;
const ETA = 3;
const RUNGS = [1, 3, 9];

const curveSpec = (
  name: string,
  steps: number,
  durationMs: number,
  maxTrials: number,
  parallelism: number,
  pruner: unknown,
) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps, durationMs },
  space: curveSpace,
  strategy: { sampler: "random", maxTrials, parallelism, seed: 11, pruner },
});

interface Decision {
  number: number;
  step: number;
  value: number;
  peers: [number, number, number][];
  action: string;
}

describe("early stopping on a cluster", () => {
  let cluster: TestCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it("ASHA on 4 workers (2 processes × 2) × 40 curve trials: only the top 1/η leave a rung, the best trial is never pruned", async () => {
    cluster = await TestCluster.create({ RECTUNE_LOG_LEVEL: "debug" });
    await cluster.startApi();
    cluster.startScheduler();
    // Two processes of two slots each: four trials in flight, deciding through the store across processes.
    const workers = [
      await cluster.startWorker(["--id", "w0", "--concurrency", "2"]),
      await cluster.startWorker(["--id", "w1", "--concurrency", "2"]),
    ];
    const asha = { name: "asha", minResource: 1, maxResource: STEPS, reductionFactor: ETA };
    const { id } = await cluster.submit(curveSpec("asha curve", STEPS, 10, 40, 4, asha));
    await cluster.waitForStatus(id, "COMPLETED", 150_000);

    const trials = await Promise.all(
      (await cluster.trials(id)).map(async (t) => ({ ...t, reports: await cluster!.reports(t.id) })),
    );
    expect(trials).toHaveLength(40);
    expect(new Set(trials.map((t) => t.workerId)).size).toBe(2);

    // Every decision that read other trials, as the deciding worker logged it, checked afresh: with n
    // trials at the rung (itself included) the best max(1, ⌊n/η⌋) go on, the others are pruned.
    const decisions = workers
      .flatMap((w) => w.output)
      .filter((line) => line.includes('"step decision"'))
      .map((line) => JSON.parse(line) as Decision);
    expect(decisions.length).toBeGreaterThanOrEqual(40);
    for (const d of decisions) {
      expect(RUNGS).toContain(d.step);
      const atRung = [d.value, ...d.peers.filter(([, step]) => step === d.step).map(([, , v]) => v)].sort(
        (a, b) => a - b,
      );
      const cutoff = atRung[Math.max(1, Math.floor(atRung.length / ETA)) - 1] as number;
      expect(d.action, `trial ${d.number} at rung ${d.step}`).toBe(d.value <= cutoff ? "continue" : "prune");
    }

    // Pruned trials stop at a rung with their last reported value; the rest train the full budget.
    for (const t of trials) {
      const last = Math.max(...t.reports.map((r) => r.step));
      expect(t.reports).toHaveLength(last);
      // Values pass through float8 text on one path and binary on the other: equal to the last bit or two.
      expect(t.values).toHaveLength(1);
      expect(t.values?.[0]).toBeCloseTo(t.reports.find((r) => r.step === last)?.value as number, 12);
      if (t.state === "PRUNED") expect(RUNGS).toContain(last);
      else expect([t.state, last]).toEqual(["COMPLETE", STEPS]);
    }
    expect(trials.filter((t) => t.state === "PRUNED").length).toBeGreaterThan(20);

    // With this seed the best configuration also leads every rung among all 40, so it must never be
    // pruned whatever order the workers report in.
    const finals = trials.map((t) => curveObjective(t.params as Record<string, number>, STEPS));
    const best = finals.indexOf(Math.min(...finals));
    for (const rung of RUNGS) {
      const atRung = trials.map((t) => curveObjective(t.params as Record<string, number>, rung));
      expect(atRung.indexOf(Math.min(...atRung))).toBe(best);
    }
    expect(trials[best]?.state).toBe("COMPLETE");
    const epochs = trials.reduce((sum, t) => sum + t.reports.length, 0);
    expect(epochs).toBeLessThan(0.35 * 40 * STEPS);
    // Generous: two worker starts (up to 2 min each on a loaded machine) and the study itself.
  }, 480_000);

  it("a worker killed between epochs: the retried attempt resumes after its last checkpoint, no step reported twice", async () => {
    cluster = await TestCluster.create();
    await cluster.startApi();
    cluster.startScheduler();
    const victim = await cluster.startWorker(["--id", "victim"]);
    const { id } = await cluster.submit(curveSpec("killed curve", 12, 250, 1, 1, "none"));
    const trial = await waitFor(
      async () => {
        const [t] = await cluster!.trials(id);
        return t && (await cluster!.reports(t.id)).length >= 3 ? t : undefined;
      },
      30_000,
      "three reported epochs",
    );
    await victim.stop("SIGKILL");
    const survivor = await cluster.startWorker(["--id", "survivor"]);
    await cluster.waitForStatus(id, "COMPLETED", 60_000);

    const done = await cluster.store.trial(id, trial.number);
    const reports = await cluster.reports(trial.id);
    expect([done.state, done.attempt, done.workerId]).toEqual(["COMPLETE", 2, "survivor"]);
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The first attempt's reports stand; the second attempt reported only the steps after them.
    const first = reports.filter((r) => r.attempt === 1).map((r) => r.step);
    const second = reports.filter((r) => r.attempt === 2).map((r) => r.step);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(second[0]).toBe(Math.max(...first) + 1);
    expect(done.values?.[0]).toBeCloseTo(curveObjective(done.params as Record<string, number>, 12), 12);
    await survivor.waitForLine(/trial resumes from its checkpoint/);
    const checkpoints = await cluster.sql.rows<{ step: number }>(
      "SELECT step FROM checkpoints WHERE trial_id = $1 ORDER BY step",
      [trial.id],
    );
    // Without PBT a finished trial keeps none (while it ran, only the two latest: a resume reads the last reported one).
    expect(checkpoints.map((c) => c.step)).toEqual([]);
  }, 360_000);
});
