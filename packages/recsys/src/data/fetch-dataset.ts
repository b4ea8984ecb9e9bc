import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize } from "node:path";
import type { FileDatasetConfig } from "@rectune/spec";
import { unzipSync } from "fflate";
import { DATASET_REGISTRY, type DatasetEntry } from "./dataset-registry.js";

/** A data set could not be fetched: unknown name, download failure, checksum mismatch, bad archive. */
export class DatasetFetchError extends Error {
  override readonly name = "DatasetFetchError";
}

export interface FetchDatasetOptions {
  /** The fetch implementation (global fetch by default; tests pass their own). */
  readonly fetch?: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** Defaults to DATASET_REGISTRY. */
  readonly registry?: Readonly<Record<string, DatasetEntry>>;
}

export interface FetchedDataset {
  readonly name: string;
  /** The `dataset` block of a study spec's recommender target. */
  readonly dataset: FileDatasetConfig;
  /** SHA-256 of the downloaded archive, or null when the files were already in place. */
  readonly archiveSha256: string | null;
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/**
 * Downloads a registered data set into `dir` and unpacks it, checking the registered checksums of
 * its files. Idempotent: when the ratings file is already there and its checksums hold, nothing is
 * downloaded.
 */
export async function fetchDataset(
  name: string,
  dir: string,
  options: FetchDatasetOptions = {},
): Promise<FetchedDataset> {
  const registry = options.registry ?? DATASET_REGISTRY;
  const entry = registry[name];
  if (!entry) throw new DatasetFetchError(`unknown dataset "${name}"; known: ${Object.keys(registry).join(", ")}`);
  const ratingsPath = join(dir, entry.ratings);
  const dataset: FileDatasetConfig = { path: ratingsPath, format: entry.format };
  if (existsSync(ratingsPath) && (await checksumsHold(dir, entry))) return { name, dataset, archiveSha256: null };

  const fetchImpl = options.fetch ?? globalThis.fetch;
  let archive: Uint8Array;
  try {
    const response = await fetchImpl(entry.url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    archive = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new DatasetFetchError(`downloading ${entry.url}: ${(error as Error).message}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(archive);
  } catch (error) {
    throw new DatasetFetchError(`${entry.url} is not a readable zip archive: ${(error as Error).message}`);
  }
  for (const [path, expected] of Object.entries(entry.checksums)) {
    const file = files[path];
    if (!file) throw new DatasetFetchError(`${entry.url} lacks ${path}`);
    const actual = sha256(file);
    if (actual !== expected)
      throw new DatasetFetchError(`checksum mismatch for ${path} in ${entry.url}: expected ${expected}, got ${actual}`);
  }
  if (!files[entry.ratings]) throw new DatasetFetchError(`${entry.url} lacks ${entry.ratings}`);
  for (const [path, bytes] of Object.entries(files)) {
    if (path.endsWith("/")) continue;
    const target = normalize(path);
    if (isAbsolute(target) || target.startsWith(".."))
      throw new DatasetFetchError(`${entry.url} holds an unsafe path "${path}"`);
    await mkdir(dirname(join(dir, target)), { recursive: true });
    await writeFile(join(dir, target), bytes);
  }
  return { name, dataset, archiveSha256: sha256(archive) };
}

async function checksumsHold(dir: string, entry: DatasetEntry): Promise<boolean> {
  for (const [path, expected] of Object.entries(entry.checksums)) {
    const file = join(dir, path);
    if (!existsSync(file) || sha256(await readFile(file)) !== expected) return false;
  }
  return true;
}
