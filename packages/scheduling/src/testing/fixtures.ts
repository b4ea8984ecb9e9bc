import type { TrialEnqueuer, TrialJob } from "@rectune/queue";
import { parseStudySpec, type StudySpec } from "@rectune/spec";

export { completeTrials } from "@rectune/store/testing";

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

export const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
