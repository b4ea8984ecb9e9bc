import { parseStudySpec, type StudySpec } from "@rectune/spec";
import type { Store } from "../contract/store.js";
import type { TrialLease } from "../contract/trial-lease.js";

/** A study spec for contract tests: a function target, `maxTrials`, `maxAttempts`. */
export function contractSpec(
  options: {
    name?: string;
    maxTrials?: number;
    maxAttempts?: number;
    direction?: "minimize" | "maximize";
    pruner?: "none" | "pbt";
  } = {},
): StudySpec {
  return parseStudySpec({
    name: options.name ?? "contract",
    objective: { metric: "value", direction: options.direction ?? "minimize" },
    target: { kind: "function", name: "curve", steps: 9 },
    space: { x: { type: "float", low: 0, high: 1 } },
    strategy: {
      maxTrials: options.maxTrials ?? 100,
      parallelism: 4,
      maxAttempts: options.maxAttempts ?? 3,
      ...(options.pruner ? { pruner: options.pruner } : {}),
    },
  });
}

/** A running study with `n` WAITING trials (params x = i / n); returns the study id and trial ids. */
export async function studyWithTrials(
  store: Store,
  n: number,
  options: Parameters<typeof contractSpec>[0] = {},
): Promise<{ studyId: number; ids: number[] }> {
  const study = await store.createStudy(contractSpec(options));
  const created = await store.createTrials(
    study.id,
    Array.from({ length: n }, (_, i) => ({ params: { x: i / n }, strategy: { sampler: "random" } })),
  );
  return { studyId: study.id, ids: created.map((t) => t.id) };
}

/** Claims and completes each trial (one worker, in order) with value `valueOf(number)`, the default its number / 10. */
export async function completeTrials(
  store: TrialLease,
  ids: readonly number[],
  valueOf: (number: number) => number = (n) => n / 10,
): Promise<void> {
  for (const id of ids) {
    const held = await store.claim(id, "w");
    if (!held) throw new Error(`trial ${id} could not be claimed`);
    const value = valueOf(held.number);
    if (!(await store.finish(id, held.attempt, { state: "COMPLETE", values: [value], metrics: { value } })))
      throw new Error(`trial ${id} could not be finished`);
  }
}

/** Polls `done` every 10 ms for up to 10 s (deliveries that cross a connection take their time). */
export async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
