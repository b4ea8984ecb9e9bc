import { describe, expect, it } from "vitest";
import { topK } from "./top-k.js";

describe("topK", () => {
  it("returns the k best items best first, as a full sort would, skipping excluded ones", () => {
    const scores = Float32Array.from([0.3, 0.9, -1, 0.9, 0.5, 0.1, 0.7]);
    expect([...topK(scores, 3).items]).toEqual([1, 3, 6]);
    expect([...topK(scores, 3, new Set([1, 6])).items]).toEqual([3, 4, 0]);
    expect([...topK(scores, 10).items]).toEqual([1, 3, 6, 4, 0, 5, 2]);
    const random = Float32Array.from(
      { length: 500 },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453),
    );
    const sorted = [...random.keys()].sort((a, b) => random[b]! - random[a]! || a - b).slice(0, 20);
    expect([...topK(random, 20).items]).toEqual(sorted);
    expect([...topK(random, 20).scores]).toEqual(sorted.map((i) => random[i]));
  });
});
