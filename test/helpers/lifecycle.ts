import { parseStudySpec, type StudySpec } from "@rectune/spec";
import type { TrialLease } from "@rectune/store";

export const sleepSpec = (maxTrials: number, parallelism: number): StudySpec =>
  parseStudySpec({
    name: `lifecycle ${maxTrials}`,
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "function", name: "sleep", durationMs: 0 },
    space: {
      x: { type: "float", low: -5, high: 5 },
      lr: { type: "float", low: 1e-5, high: 1e-1, log: true },
      opt: { type: "categorical", choices: ["adam", "sgd"] },
    },
    strategy: { sampler: "random", maxTrials, parallelism, seed: 11, maxAttempts: 2 },
  });

/** Runs every given waiting trial to COMPLETE through the fenced worker path (claim, then finish). */
export async function completeTrials(store: TrialLease, ids: readonly number[], worker = "w"): Promise<void> {
  const claimed = await Promise.all(ids.map((id) => store.claim(id, worker)));
  const held = claimed.filter((t) => t !== null);
  await Promise.all(
    held.map((t) =>
      store.finish(t.id, t.attempt, {
        state: "COMPLETE",
        values: [t.number / 10],
        metrics: { value: t.number / 10 },
      }),
    ),
  );
}
