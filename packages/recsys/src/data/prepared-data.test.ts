import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recommenderTargetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { clearPreparedDataMemory, prepareTrialData } from "./prepared-data.js";

describe("prepareTrialData", () => {
  it("parses once per process, then reuses the disk cache in a new process (memory cleared)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recsys-cache-"));
    const ratings = join(dir, "ratings.csv");
    copyFileSync(fileURLToPath(new URL("./fixtures/ml-latest/ratings.csv", import.meta.url)), ratings);
    const target = recommenderTargetSchema.parse({ kind: "recommender", model: "pop", dataset: { path: ratings } });
    const cacheDir = join(dir, "cache");
    const first = await prepareTrialData(target, cacheDir);
    expect(await prepareTrialData(target, cacheDir)).toBe(first);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    clearPreparedDataMemory();
    const fromDisk = await prepareTrialData(target, cacheDir);
    expect(fromDisk).not.toBe(first);
    expect(fromDisk).toEqual(first);
    // Another split seed is another cache entry.
    await prepareTrialData({ ...target, splitSeed: 1 }, cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it("lets preparations racing for one cache file all succeed, and rebuilds an unreadable one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recsys-cache-"));
    const ratings = join(dir, "ratings.csv");
    copyFileSync(fileURLToPath(new URL("./fixtures/ml-latest/ratings.csv", import.meta.url)), ratings);
    const target = recommenderTargetSchema.parse({ kind: "recommender", model: "pop", dataset: { path: ratings } });
    const cacheDir = join(dir, "cache");
    // Memory cleared before each, as in separate trial threads of one process (one pid).
    const racing = Array.from({ length: 4 }, () => {
      clearPreparedDataMemory();
      return prepareTrialData(target, cacheDir);
    });
    const prepared = await Promise.all(racing);
    expect(prepared.map((p) => p.split.train.items.length)).toEqual(
      Array(4).fill(prepared[0]!.split.train.items.length),
    );
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), "not a cache file");
    clearPreparedDataMemory();
    expect(await prepareTrialData(target, cacheDir)).toEqual(prepared[0]);
  });

  it("generates the same synthetic data set for the same seed", async () => {
    clearPreparedDataMemory();
    const target = recommenderTargetSchema.parse({
      kind: "recommender",
      model: "pop",
      dataset: { synthetic: { users: 20, items: 30, seed: 4 } },
    });
    const a = await prepareTrialData(target);
    clearPreparedDataMemory();
    expect(await prepareTrialData(target)).toEqual(a);
    expect(a.dataset.itemFeatures!.names.length).toBeGreaterThan(1);
  });
});
