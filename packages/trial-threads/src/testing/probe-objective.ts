// An objective module for the pool's tests, loaded by the threads from its path as RECTUNE_OBJECTIVES
// modules are: it says which thread ran it, and with `config.stubborn` it computes forever without
// yielding, so it never sees its signal's abort.
import { threadId } from "node:worker_threads";
import { defineObjective } from "@rectune/objective-sdk";
import { anyParams } from "@rectune/runner";

export default defineObjective({
  name: "thread-probe",
  params: anyParams,
  async run({ params, config, report, signal }) {
    if (config.stubborn === true)
      while (!signal.aborted) {
        // The abort is a message this thread never gets to read.
      }
    const value = Number(params.x);
    const verdict = await report(1, { value });
    return { value, threadId, pruned: verdict.prune ? 1 : 0 };
  },
  async refit({ params, number, bestStep, backend }) {
    return {
      testMetrics: { value: 2 * Number(params.x), threadId },
      steps: bestStep ?? 1,
      weights: Uint8Array.from([number, 7]),
      dataset: `probe on ${backend.name}`,
    };
  },
});
