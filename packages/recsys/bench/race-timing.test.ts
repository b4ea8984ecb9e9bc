import { describe, expect, it } from "vitest";
import { bestBy, bestValue, medianLowerBound, medianOf, raceRatio, raceSeed, timeToWithin } from "./race-timing.js";

describe("timeToWithin", () => {
  const trials = [
    { value: 0.1, finishedS: 5 },
    { value: 0.2, finishedS: 30 },
    { value: 0.199, finishedS: 20 },
    { value: 0.25, finishedS: 40 },
  ];

  it("is the earliest end among the trials at or above the bar, not the first in list order", () => {
    // Bar 0.2 × 0.99 = 0.198: the 0.199 trial (20 s) ends before the 0.2 one (30 s).
    expect(timeToWithin(trials, 0.2, 0.01)).toBe(20);
  });

  it("is null when no trial reaches the bar", () => {
    expect(timeToWithin(trials, 0.3, 0.01)).toBeNull();
  });

  it("counts the bar itself as reached and ignores non-finite values", () => {
    expect(timeToWithin([{ value: Number.NaN, finishedS: 1 }, ...trials], 0.25, 0)).toBe(40);
  });
});

describe("raceSeed", () => {
  it("races both sides to the best value either found", () => {
    const ours = [
      { value: 0.1, finishedS: 10 },
      { value: 0.3, finishedS: 12 },
    ];
    const optuna = [
      { value: 0.298, finishedS: 4 },
      { value: 0.31, finishedS: 8 },
    ];
    // Best 0.31, bar 0.3069: ours never gets there; Optuna at 8 s (0.298 is below the bar).
    expect(raceSeed(ours, optuna, 0.01)).toEqual({ best: 0.31, oursS: null, optunaS: 8 });
    // Tolerance 5 %: bar 0.2945, ours at 12 s, Optuna's 0.298 at 4 s.
    expect(raceSeed(ours, optuna, 0.05)).toEqual({ best: 0.31, oursS: 12, optunaS: 4 });
  });

  it("bestBy takes only the trials that had ended by then", () => {
    const trials = [
      { value: 0.3, finishedS: 50 },
      { value: 0.2, finishedS: 10 },
    ];
    expect(bestBy(trials, 10)).toBe(0.2);
    expect(bestBy(trials, 50)).toBe(0.3);
    expect(bestBy(trials, 5)).toBe(-Infinity);
  });

  it("bestValue skips non-finite values", () => {
    expect(
      bestValue([
        { value: Number.NaN, finishedS: 1 },
        { value: 0.2, finishedS: 2 },
      ]),
    ).toBe(0.2);
    expect(bestValue([])).toBe(-Infinity);
  });
});

describe("medianOf", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });

  it("ranks a side that never got there after every time", () => {
    expect(medianOf([10, null, 30])).toBe(30);
    expect(medianOf([null, null, 5])).toBeNull();
    expect(medianOf([])).toBeNull();
  });
});

describe("raceRatio", () => {
  it("is exact when both sides reached the bar in every seed", () => {
    const rows = [
      { oursS: 10, optunaS: 40, optunaStudyS: 60 },
      { oursS: 20, optunaS: 90, optunaStudyS: 95 },
      { oursS: 30, optunaS: 60, optunaStudyS: 70 },
    ];
    expect(raceRatio(rows)).toEqual({ ours: 20, optuna: 60, ratio: 20 / 60, bound: "exact" });
  });

  it("takes an unreached Optuna seed at its study time, making the ratio an upper bound", () => {
    const rows = [
      { oursS: 10, optunaS: null, optunaStudyS: 80 },
      { oursS: 20, optunaS: null, optunaStudyS: 35 },
      { oursS: 30, optunaS: 6, optunaStudyS: 26 },
    ];
    // Optuna's lower bounds 80, 35, 6: median 35.
    expect(raceRatio(rows)).toEqual({ ours: 20, optuna: 35, ratio: 20 / 35, bound: "upper" });
  });

  it("is null when rectune's own median was never reached", () => {
    const rows = [
      { oursS: null, optunaS: 5, optunaStudyS: 10 },
      { oursS: null, optunaS: 5, optunaStudyS: 10 },
      { oursS: 3, optunaS: 5, optunaStudyS: 10 },
    ];
    expect(raceRatio(rows).ratio).toBeNull();
  });

  it("medianLowerBound is the plain median when nothing was censored", () => {
    expect(
      medianLowerBound([
        { s: 4, studyS: 9 },
        { s: 2, studyS: 9 },
      ]),
    ).toEqual({ value: 3, exact: true });
  });
});
