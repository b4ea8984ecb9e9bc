import { describe, expect, inject, it } from "vitest";
import { runScenario, sigkillStorm } from "@rectune/scheduling/chaos";

/**
 * The fast subset of `npm run chaos` (the bench's own harness and checks, on the test run's PostgreSQL and
 * Redis): a SIGKILL storm over a short study. The other scenarios stop and restart servers, which only
 * the chaos run's own servers may do.
 */
describe("chaos subset", () => {
  it("a worker SIGKILLed every 2 s (and replaced): budget reached, nothing lost, duplicated, FAILED or stuck", async () => {
    const result = await runScenario(sigkillStorm(40, 250), {
      deadlineMs: 90_000,
      dropDatabase: true,
      endpoints: { adminUrl: inject("adminUrl"), redisUrl: inject("redisUrl") },
    });
    expect({
      status: result.status,
      trials: result.trials,
      lost: result.lost,
      duplicated: result.duplicated,
      infraFailed: result.infraFailed,
      stuck: result.stuck,
    }).toEqual({ status: "COMPLETED", trials: 40, lost: 0, duplicated: 0, infraFailed: 0, stuck: 0 });
    // A trial whose worker died is back in play within RECTUNE_STALE_AFTER_MS (2 s here) plus a pass.
    expect(result.maxStallS).toBeLessThan(15);
  });
});
