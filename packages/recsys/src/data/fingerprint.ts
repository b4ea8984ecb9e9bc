import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { RecommenderTarget } from "@rectune/spec";

/**
 * What makes two studies' test figures comparable: the content of the ratings file (not its path, so a
 * copy matches and an edited file does not), how it is read and preprocessed, and how it is split. The
 * hex SHA-256 of those, shortened to 16 characters; a synthetic data set hashes its generator settings.
 */
export async function datasetFingerprint(target: RecommenderTarget): Promise<string> {
  const hash = createHash("sha256");
  const { dataset } = target;
  if ("synthetic" in dataset) hash.update(JSON.stringify({ synthetic: dataset.synthetic }));
  else {
    hash.update(await readFile(dataset.path));
    hash.update(JSON.stringify({ format: dataset.format, columns: dataset.columns ?? null }));
  }
  hash.update(JSON.stringify({ preprocess: target.preprocess, split: target.split, splitSeed: target.splitSeed }));
  return hash.digest("hex").slice(0, 16);
}
