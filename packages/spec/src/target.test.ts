import { describe, expect, it } from "vitest";
import { recommenderTargetSchema } from "./target.js";

describe("recommenderTargetSchema", () => {
  it("fills the split, preprocessing, cut-off and evaluation defaults", () => {
    const target = recommenderTargetSchema.parse({
      kind: "recommender",
      model: "mf",
      dataset: { path: "ratings.csv" },
    });
    expect(target).toEqual({
      kind: "recommender",
      model: "mf",
      dataset: { path: "ratings.csv", format: "ml-latest" },
      preprocess: { kCore: 0 },
      split: { method: "random", valid: 0.1, test: 0.1 },
      splitSeed: 0,
      fixed: {},
      fixedFor: {},
      cutoffs: [10, 20],
      evalEvery: 1,
      report: "best",
    });
  });

  it("accepts synthetic data, generic files with a column mapping, and every split method", () => {
    const synthetic = recommenderTargetSchema.parse({
      kind: "recommender",
      model: "neumf",
      dataset: { synthetic: { users: 10 } },
      split: { method: "leave-one-out" },
    });
    expect(synthetic.dataset).toEqual({
      synthetic: { users: 10, items: 300, interactionsPerUser: 20, factors: 8, genres: 10, popularitySkew: 1, seed: 0 },
    });
    const generic = recommenderTargetSchema.parse({
      kind: "recommender",
      model: "ease",
      dataset: { path: "plays.tsv", format: "tsv", columns: { user: 0, item: 1 } },
      split: { method: "temporal", test: 0.2 },
      preprocess: { implicitThreshold: 4, kCore: 5 },
    });
    expect(generic.split).toEqual({ method: "temporal", valid: 0.1, test: 0.2 });
  });

  it("rejects unknown models, formats and fields", () => {
    const base = { kind: "recommender", model: "mf", dataset: { path: "r.csv" } };
    expect(recommenderTargetSchema.safeParse({ ...base, model: "bert4rec" }).success).toBe(false);
    expect(recommenderTargetSchema.safeParse({ ...base, dataset: { path: "r.csv", format: "ml-25m" } }).success).toBe(
      false,
    );
    expect(recommenderTargetSchema.safeParse({ ...base, split: { method: "random", train: 0.8 } }).success).toBe(false);
    expect(recommenderTargetSchema.safeParse({ ...base, cutoffs: [0] }).success).toBe(false);
  });
});
