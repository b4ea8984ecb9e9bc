import type { DatasetConfig, PreprocessConfig } from "@rectune/spec";
import type { Dataset } from "./dataset.js";
import { readFeatureFile, readGenericInteractions } from "./generic.js";
import {
  movieLensItemFile,
  movieLensUserFile,
  readMovieLensGenres,
  readMovieLensRatings,
  readMovieLensUsers,
} from "./movielens.js";
import { prepareDataset } from "./prepare.js";
import type { RawFeatures, RawInteractions } from "./raw.js";
import { generateSynthetic } from "./synthetic.js";

/** Reads (or generates) a data set and preprocesses it. Parsing happens here only; trials reuse the result. */
export async function loadDataset(config: DatasetConfig, preprocess: PreprocessConfig): Promise<Dataset> {
  if ("synthetic" in config) return prepareDataset({ ...generateSynthetic(config.synthetic), preprocess });
  let interactions: RawInteractions;
  let itemFeatures: RawFeatures | null = null;
  let userFeatures: RawFeatures | null = null;
  if (config.format === "csv" || config.format === "tsv") {
    interactions = await readGenericInteractions(config.path, config.format, config.columns);
  } else {
    const format = config.format;
    interactions = await readMovieLensRatings(config.path, format);
    const itemFile = config.items ? null : movieLensItemFile(config.path, format);
    if (itemFile) itemFeatures = await readMovieLensGenres(itemFile, format);
    const userFile = config.users || format === "ml-latest" ? null : movieLensUserFile(config.path, format);
    if (userFile && format !== "ml-latest") userFeatures = await readMovieLensUsers(userFile, format);
  }
  if (config.items) itemFeatures = await readFeatureFile(config.items);
  if (config.users) userFeatures = await readFeatureFile(config.users);
  return prepareDataset({ interactions, itemFeatures, userFeatures, preprocess });
}
