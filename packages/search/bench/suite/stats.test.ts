import { describe, expect, it } from "vitest";
import { compare, mannWhitney, median, quantile } from "./stats.js";

describe("Mann–Whitney U", () => {
  it("matches scipy.stats.mannwhitneyu(method='asymptotic') on Hollander & Wolfe's depression data", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = mannWhitney(x, y);
    expect(r.u).toBe(58);
    expect(r.p).toBeCloseTo(0.13291945818531892, 6);
  });

  it("applies the tie correction (scipy: U 19.5, p 0.022208730897883666)", () => {
    const r = mannWhitney([1, 2, 2, 3, 3, 3, 4, 5, 6, 7], [3, 4, 4, 5, 5, 6, 7, 8, 8, 9]);
    expect(r.u).toBe(19.5);
    expect(r.p).toBeCloseTo(0.022208730897883666, 6);
  });

  it("gives p = 1 when every value ties", () => {
    expect(mannWhitney([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).p).toBe(1);
  });

  it("calls a significant difference a win for the lower sample and a loss for the higher", () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const high = low.map((v) => v + 20);
    expect(compare(low, high)).toBe("win");
    expect(compare(high, low)).toBe("loss");
    expect(compare(low, [2, 3, 1, 5, 4, 7, 6, 9, 8, 11])).toBe("tie");
  });

  it("takes quantiles by linear interpolation (numpy's default)", () => {
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
  });
});
