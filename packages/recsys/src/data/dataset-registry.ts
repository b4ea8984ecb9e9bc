import type { FileDatasetConfig } from "@rectune/spec";

/** A downloadable public data set: the archive, and the files it must contain. */
export interface DatasetEntry {
  readonly url: string;
  /** Path of the ratings file inside the archive. */
  readonly ratings: string;
  readonly format: Exclude<FileDatasetConfig["format"], "csv" | "tsv">;
  /**
   * SHA-256 of files inside the archive, checked after unpacking. Only checksums verified against a
   * real copy are listed (ml-latest-small's, from the copy on the project's machines); for the other
   * releases the archive's own SHA-256 is returned by fetchDataset so it can be pinned here.
   */
  readonly checksums: Readonly<Record<string, string>>;
}

const GROUPLENS = "https://files.grouplens.org/datasets/movielens";

/** Data sets `rectune data fetch <name>` knows. */
export const DATASET_REGISTRY: Readonly<Record<string, DatasetEntry>> = {
  "ml-100k": { url: `${GROUPLENS}/ml-100k.zip`, ratings: "ml-100k/u.data", format: "ml-100k", checksums: {} },
  "ml-1m": { url: `${GROUPLENS}/ml-1m.zip`, ratings: "ml-1m/ratings.dat", format: "ml-1m", checksums: {} },
  "ml-latest-small": {
    url: `${GROUPLENS}/ml-latest-small.zip`,
    ratings: "ml-latest-small/ratings.csv",
    format: "ml-latest",
    checksums: {
      "ml-latest-small/ratings.csv": "aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646",
      "ml-latest-small/movies.csv": "5a5f32dd9bb3797b8e728a1b98958789d2b13f294a69fdfbc5727f8a9611aa07",
    },
  },
};
