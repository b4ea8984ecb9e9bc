import { createHash, randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { RecommenderTarget } from "@rectune/spec";
import { splitDataset, type Split } from "../split/split.js";
import type { Dataset } from "./dataset.js";
import { loadDataset } from "./load-dataset.js";
import { movieLensItemFile, movieLensUserFile } from "./movielens.js";

/** A data set with its split: what every trial of a study shares. */
export interface PreparedData {
  readonly dataset: Dataset;
  readonly split: Split;
  /** Training users per item. */
  readonly itemUsers: Int32Array;
}

/** Bumped when the cached structures change, so stale cache files are ignored. */
const CACHE_VERSION = 1;
const memory = new Map<string, Promise<PreparedData>>();

/**
 * Loads and splits a target's data set once per process (memory) and once per machine (a v8-serialized
 * file in `cacheDir`, keyed by the input files' path, size and mtime and the preprocessing and split
 * settings). Trials never re-parse files.
 */
export function prepareTrialData(
  target: Pick<RecommenderTarget, "dataset" | "preprocess" | "split" | "splitSeed">,
  cacheDir?: string,
): Promise<PreparedData> {
  const key = cacheKey(target);
  let pending = memory.get(key);
  if (!pending) {
    pending = loadOrBuild(target, key, cacheDir);
    memory.set(key, pending);
    pending.catch(() => memory.delete(key));
  }
  return pending;
}

/** Forgets the in-memory copies (tests; a long-lived worker switching studies). */
export const clearPreparedDataMemory = (): void => memory.clear();

async function loadOrBuild(
  target: Pick<RecommenderTarget, "dataset" | "preprocess" | "split" | "splitSeed">,
  key: string,
  cacheDir?: string,
): Promise<PreparedData> {
  const file = cacheDir
    ? join(cacheDir, `recsys-${createHash("sha256").update(key).digest("hex").slice(0, 24)}.v8`)
    : null;
  if (file && existsSync(file)) {
    const cached = await readCache(file);
    if (cached?.key === key) return cached.data;
  }
  const dataset = await loadDataset(target.dataset, target.preprocess);
  const split = splitDataset(dataset, target.split, target.splitSeed);
  const itemUsers = new Int32Array(dataset.numItems);
  for (const i of split.train.items) itemUsers[i]!++;
  const data: PreparedData = { dataset, split, itemUsers };
  if (cacheDir && file) await writeCache(cacheDir, file, { key, data });
  return data;
}

/** A cache file's content, or undefined when it cannot be read (it is rebuilt then). */
async function readCache(file: string): Promise<{ key: string; data: PreparedData } | undefined> {
  try {
    return deserialize(await readFile(file)) as { key: string; data: PreparedData };
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache file through a temporary file of this writer's own, renamed into place: trial threads
 * of one process share its pid, so a pid-named temporary file was renamed away by one thread under another
 * (ENOENT, a FAILED trial). The cache only saves time: a write that fails is dropped, never the trial.
 */
async function writeCache(cacheDir: string, file: string, content: { key: string; data: PreparedData }): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(tmp, serialize(content));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => {});
  }
}

function cacheKey(target: Pick<RecommenderTarget, "dataset" | "preprocess" | "split" | "splitSeed">): string {
  const files: string[] = [];
  const d = target.dataset;
  if (!("synthetic" in d)) {
    files.push(d.path);
    if (d.items) files.push(d.items.path);
    if (d.users) files.push(d.users.path);
    if (d.format !== "csv" && d.format !== "tsv") {
      for (const f of [movieLensItemFile(d.path, d.format), movieLensUserFile(d.path, d.format)]) if (f) files.push(f);
    }
  }
  const stats = files.map((f) => {
    const s = existsSync(f) ? statSync(f) : null;
    return [f, s?.size ?? -1, s?.mtimeMs ?? -1];
  });
  return JSON.stringify({
    v: CACHE_VERSION,
    dataset: d,
    preprocess: target.preprocess,
    split: target.split,
    seed: target.splitSeed,
    stats,
  });
}
