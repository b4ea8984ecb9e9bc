import { describe, expect, it } from "vitest";
import { championLine } from "./format.js";

describe("championLine", () => {
  const champion = {
    trial: 26,
    params: { model: "ease", lambda: 184.168912 },
    validation: [0.216662],
    state: "COMPLETE" as const,
    testMetrics: { "ndcg@10": 0.294555 },
    refit: { epochs: 1, seconds: 1.5, workerId: "w", weightBytes: 0, dataset: "0123456789abcdef", attempt: 1 },
    error: null,
    updatedAt: "2026-12-06T05:58:07.853Z",
  };

  it("gives the champion's refit test figure next to its validation one", () => {
    expect(championLine(champion, "ndcg@10")).toBe(
      "champion: trial 26 (model=ease lambda=184.17), refit on train + validation for 1 epoch(s): " +
        "test ndcg@10 0.29456 (validation 0.21666)",
    );
  });

  it("says where a refit stands before it is done, and why it failed", () => {
    expect(championLine({ ...champion, state: "RUNNING", testMetrics: null, refit: null }, "ndcg@10")).toBe(
      "champion: trial 26 (model=ease lambda=184.17), refit running",
    );
    expect(championLine({ ...champion, state: "FAILED", error: "diverged" }, "ndcg@10")).toMatch(
      /refit failed: diverged$/,
    );
  });
});
