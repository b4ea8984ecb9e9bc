/**
 * What keeps both sides of `npm run bench:race` on one protocol: the split rectune made, written for the
 * Python side to read (the same train/validation/test interactions under the same user and item indices),
 * and a check that both evaluators give the same NDCG@10 for the same fixed embedding.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRng } from "@rectune/search";
import { type RecommenderTarget, recommenderTargetSchema } from "@rectune/spec";
import { evaluate, type PreparedData, type UserLists } from "../src/index.js";

const run = promisify(execFile);
export const PYTHON = "/usr/bin/python3";

/** Fixed on both sides: MF-BPR, Adam, one uniform negative per positive, batch 2,048, N(0, 0.1) init. */
export const FIXED = {
  loss: "bpr",
  optimizer: "adam",
  batchSize: 2048,
  negatives: 1,
  negativeCandidates: 1,
  init: 0.1,
};

/** The race's target: MF on the ratings at `path`, a seeded random 80/10/10 split, NDCG@10 every epoch. */
export function raceTarget(path: string, epochs: number): RecommenderTarget {
  return recommenderTargetSchema.parse({
    kind: "recommender",
    model: "mf",
    dataset: { path, format: "ml-latest" },
    split: { method: "random", valid: 0.1, test: 0.1 },
    splitSeed: 0,
    cutoffs: [10],
    evalEvery: 1,
    fixed: { ...FIXED, epochs },
  });
}

/** Interactions per part, as written (the Python side asserts it read as many). */
export type SplitCounts = Record<"train" | "valid" | "test", number>;

/** One part's (user, item) pairs as two little-endian int32 files. */
async function writePart(folder: string, name: string, lists: UserLists): Promise<number> {
  const users = new Int32Array(lists.items.length);
  for (let u = 0; u + 1 < lists.offsets.length; u++) users.fill(u, lists.offsets[u]!, lists.offsets[u + 1]!);
  await writeFile(join(folder, `${name}_users.i32`), users);
  await writeFile(join(folder, `${name}_items.i32`), lists.items);
  return users.length;
}

/** Writes the split into `folder` (meta.json + int32 files) and returns the interactions per part. */
export async function writeSplit(folder: string, data: PreparedData): Promise<SplitCounts> {
  await mkdir(folder, { recursive: true });
  const { split } = data;
  const counts = {
    train: await writePart(folder, "train", split.train),
    valid: await writePart(folder, "valid", split.valid),
    test: await writePart(folder, "test", split.test),
  };
  await writeFile(
    join(folder, "meta.json"),
    JSON.stringify({ numUsers: split.numUsers, numItems: split.numItems, counts }),
  );
  return counts;
}

/**
 * A fixed MF embedding that ranks well above chance (item bias = log training popularity, plus small
 * seeded random factors), scored by rectune's evaluator and by the Python side's on the same split.
 * Equal figures (to float rounding and score ties) mean the candidate sets, masks and NDCG agree.
 */
export async function compareEvaluators(
  splitDir: string,
  folder: string,
  data: PreparedData,
  script: string,
): Promise<{ rectune: { valid: number; test: number }; python: { valid: number; test: number } }> {
  const { numUsers, numItems } = data.split;
  const dim = 8;
  const rng = createRng(7);
  const P = Float32Array.from({ length: numUsers * dim }, () => 0.1 * rng.normal());
  const Q = Float32Array.from({ length: numItems * dim }, () => 0.1 * rng.normal());
  const b = Float32Array.from(data.itemUsers, (n) => Math.log1p(n));
  await mkdir(folder, { recursive: true });
  await Promise.all([
    writeFile(join(folder, "P.f32"), P),
    writeFile(join(folder, "Q.f32"), Q),
    writeFile(join(folder, "b.f32"), b),
    writeFile(join(folder, "meta.json"), JSON.stringify({ dim })),
  ]);
  const scoreAll = (users: Int32Array): Float32Array => {
    const out = new Float32Array(users.length * numItems);
    users.forEach((u, r) => {
      for (let i = 0; i < numItems; i++) {
        let s = b[i]!;
        for (let d = 0; d < dim; d++) s += P[u * dim + d]! * Q[i * dim + d]!;
        out[r * numItems + i] = s;
      }
    });
    return out;
  };
  const ndcg = async (part: "valid" | "test"): Promise<number> => {
    const { split } = data;
    const metrics = await evaluate({
      score: scoreAll,
      numItems,
      targets: split[part],
      masks: part === "valid" ? [split.train] : [split.train, split.valid],
      cutoffs: [10],
      itemUsers: data.itemUsers,
      numTrainUsers: numUsers,
      itemFeatures: null,
    });
    return metrics["ndcg@10"]!;
  };
  const rectune = { valid: await ndcg("valid"), test: await ndcg("test") };
  const { stdout } = await run(PYTHON, [script, "score", splitDir, folder], { maxBuffer: 1 << 20 });
  return { rectune, python: JSON.parse(stdout) as { valid: number; test: number } };
}
