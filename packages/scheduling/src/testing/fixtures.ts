import type { TrialEnqueuer, TrialJob } from "@rectune/queue";
import { parseStudySpec, type StudySpec } from "@rectune/spec";
import type { TrialLease } from "@rectune/store";

/** A random-sampler study of the `sleep` function (no wait) over three parameters. */
export const sleepSpec = (maxTrials: number, parallelism: number): StudySpec =>
  parseStudySpec({
    name: `sleep ${maxTrials}`,
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "function", name: "sleep", durationMs: 0 },
    space: {
      x: { type: "float", low: -5, high: 5 },
      lr: { type: "float", low: 1e-5, high: 1e-1, log: true },
      opt: { type: "categorical", choices: ["adam", "sgd"] },
    },
    strategy: { sampler: "random", maxTrials, parallelism, seed: 11, maxAttempts: 2 },
  });

/** Keeps what the scheduler enqueues, for a test to run or inspect. */
export class RecordingQueue implements TrialEnqueuer {
  readonly jobs: TrialJob[] = [];
  async enqueue(jobs: readonly TrialJob[]): Promise<void> {
    this.jobs.push(...jobs);
  }
}

/** Runs every given waiting trial to COMPLETE through the fenced worker path (claim, then finish). */
export async function completeTrials(lease: TrialLease, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    const held = await lease.claim(id, "w");
    if (held)
      await lease.finish(id, held.attempt, {
        state: "COMPLETE",
        values: [held.number / 10],
        metrics: { value: held.number / 10 },
      });
  }
}

export const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
