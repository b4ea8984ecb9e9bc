import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../data/synthetic.js";
import { prepareDataset } from "../data/prepare.js";
import { splitDataset, type Split } from "./split.js";
import { listOf } from "./user-lists.js";

const data = prepareDataset({
  ...generateSynthetic({
    users: 40,
    items: 60,
    interactionsPerUser: 20,
    factors: 4,
    genres: 5,
    popularitySkew: 1,
    seed: 3,
  }),
  preprocess: { kCore: 0 },
});
const parts = (s: Split, u: number) =>
  [listOf(s.train, u), listOf(s.valid, u), listOf(s.test, u)].map((l) => Array.from(l));
const timeOf = new Map<string, number>();
data.users.forEach((u, r) => timeOf.set(`${u}:${data.items[r]}`, data.timestamps[r]!));

describe("splitDataset", () => {
  for (const config of [
    { method: "random", valid: 0.1, test: 0.1 },
    { method: "leave-one-out" },
    { method: "temporal", valid: 0.1, test: 0.1 },
  ] as const) {
    it(`${config.method}: puts every interaction in exactly one part and is deterministic per seed`, () => {
      const split = splitDataset(data, config, 7);
      for (let u = 0; u < data.numUsers; u++) {
        const [train, valid, test] = parts(split, u);
        const all = [...train!, ...valid!, ...test!];
        expect(new Set(all).size).toBe(all.length);
        const own = Array.from(data.items.filter((_, r) => data.users[r] === u));
        expect(all.sort((a, b) => a - b)).toEqual(own.sort((a, b) => a - b));
      }
      expect(splitDataset(data, config, 7)).toEqual(split);
    });
  }

  it("random: about 80/10/10 per user, at least one training item, another seed another split", () => {
    const split = splitDataset(data, { method: "random", valid: 0.1, test: 0.1 }, 0);
    for (let u = 0; u < data.numUsers; u++) {
      const [train, valid, test] = parts(split, u).map((l) => l.length);
      const n = train! + valid! + test!;
      expect(test).toBe(Math.round(n * 0.1));
      expect(valid).toBe(Math.round(n * 0.1));
      expect(train).toBeGreaterThan(0);
    }
    expect(splitDataset(data, { method: "random", valid: 0.1, test: 0.1 }, 1).test).not.toEqual(split.test);
  });

  it("leave-one-out: the last interaction is test, the one before validation", () => {
    const split = splitDataset(data, { method: "leave-one-out" }, 0);
    for (let u = 0; u < data.numUsers; u++) {
      const [train, valid, test] = parts(split, u);
      const t = (i: number) => timeOf.get(`${u}:${i}`)!;
      expect(test).toHaveLength(1);
      expect(valid).toHaveLength(1);
      expect(Math.max(...train!.map(t))).toBeLessThan(t(valid![0]!));
      expect(t(valid![0]!)).toBeLessThan(t(test![0]!));
    }
  });

  it("temporal: nothing held out predates anything trained on", () => {
    const split = splitDataset(data, { method: "temporal", valid: 0.1, test: 0.2 }, 0);
    let latestTrain = -Infinity;
    let earliestValid = Infinity;
    let latestValid = -Infinity;
    let earliestTest = Infinity;
    let tests = 0;
    for (let u = 0; u < data.numUsers; u++) {
      const [train, valid, test] = parts(split, u);
      const t = (i: number) => timeOf.get(`${u}:${i}`)!;
      for (const i of train!) latestTrain = Math.max(latestTrain, t(i));
      for (const i of valid!)
        [earliestValid, latestValid] = [Math.min(earliestValid, t(i)), Math.max(latestValid, t(i))];
      for (const i of test!) [earliestTest, tests] = [Math.min(earliestTest, t(i)), tests + 1];
    }
    expect(latestTrain).toBeLessThan(earliestValid);
    expect(latestValid).toBeLessThan(earliestTest);
    expect(tests).toBe(Math.round(data.users.length * 0.2));
  });
});
