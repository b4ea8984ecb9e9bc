import type { TrialJob, TrialQueue } from "@rectune/queue";
import { parseStudySpec, type StudySpec } from "@rectune/spec";
import { createStore, type SqlClient, Store } from "@rectune/store";

/** A store whose every statement (model queries and raw SQL) is counted. */
export function countingStore(databaseUrl: string): { store: Store; queries: () => number } {
  let count = 0;
  const { db: base, sql: baseSql } = createStore(databaseUrl, { poolSize: 4 });
  const counted = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        count++;
        return query(args);
      },
    },
  });
  // The hot statements bypass Prisma (SqlClient): count those too.
  const sql: SqlClient = {
    query: (name, text, values) => {
      count++;
      return baseSql.query(name, text, values);
    },
    end: () => baseSql.end(),
  };
  return { store: new Store(counted as unknown as typeof base, sql), queries: () => count };
}

/** Stands in for the BullMQ producer: the scheduler's store traffic is what these tests look at. */
export class RecordingQueue {
  readonly jobs: TrialJob[] = [];
  async enqueue(jobs: readonly TrialJob[]): Promise<void> {
    this.jobs.push(...jobs);
  }
  asQueue(): TrialQueue {
    return this as unknown as TrialQueue;
  }
}

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
export async function completeTrials(store: Store, ids: readonly number[], worker = "w"): Promise<void> {
  const claimed = await Promise.all(ids.map((id) => store.trials.claim(id, worker)));
  const held = claimed.filter((t) => t !== null);
  await Promise.all(
    held.map((t) =>
      store.trials.finish(t.id, t.attempt, {
        state: "COMPLETE",
        values: [t.number / 10],
        metrics: { value: t.number / 10 },
      }),
    ),
  );
}
