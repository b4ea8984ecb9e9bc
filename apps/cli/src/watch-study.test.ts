import { describe, expect, it } from "vitest";
import { etaSeconds, progressLine } from "./watch-study.js";

describe("submit --watch's progress", () => {
  it("estimates the time left from the rate trials finished since the watch began", () => {
    expect(etaSeconds(0, 10_000, 5)).toBeUndefined();
    expect(etaSeconds(4, 20_000, 10)).toBe(50);
  });

  it("says the counts, the best value and the ETA in one line", () => {
    const study = {
      id: 7,
      status: "RUNNING",
      finished: 12,
      maxTrials: 40,
      counts: { WAITING: 1, RUNNING: 4, COMPLETE: 9, PRUNED: 3, FAILED: 0 },
      bestTrial: { values: [0.2571] },
    } as unknown as Parameters<typeof progressLine>[0];
    expect(progressLine(study, 190)).toBe(
      "study 7 RUNNING: 12/40 trials, 4 running, 0 failed, 3 pruned | best 0.25710 | eta 3m10s",
    );
    expect(progressLine(study, undefined)).toMatch(/eta \?$/);
    expect(progressLine(study, 3725)).toMatch(/eta 1h02m$/);
  });
});
