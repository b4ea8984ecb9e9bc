import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fileDatasetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { DataError } from "./data-error.js";
import { loadDataset } from "./load-dataset.js";

const fixture = (path: string): string => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
const noPreprocess = { kCore: 0 };
const load = (dataset: unknown, preprocess: { kCore: number; implicitThreshold?: number } = noPreprocess) =>
  loadDataset(fileDatasetSchema.parse(dataset), preprocess);
const genres = (d: Awaited<ReturnType<typeof load>>, item: string): string[] => {
  const f = d.itemFeatures!;
  const i = d.itemIds.indexOf(item);
  return Array.from(f.indices.subarray(f.offsets[i]!, f.offsets[i + 1]!), (k) => f.names[k]!);
};

describe("loaders", () => {
  it("reads ml-latest ratings.csv with movies.csv genres (quoted titles, no-genre items)", async () => {
    const d = await load({ path: fixture("ml-latest/ratings.csv"), format: "ml-latest" });
    expect([d.numUsers, d.numItems]).toEqual([3, 3]);
    expect(d.userIds).toEqual(["1", "2", "3"]);
    expect(d.itemIds).toEqual(["10", "20", "30"]);
    expect(Array.from(d.users)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(d.items)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(d.timestamps)).toEqual([100, 90, 120, 80, 70]);
    expect(genres(d, "10")).toEqual(["genre=Action", "genre=Crime"]);
    expect(genres(d, "30")).toEqual([]);
    expect(d.userFeatures).toBeNull();
  });

  it("turns ratings into implicit positives at a threshold and applies k-core filtering", async () => {
    const d = await load({ path: fixture("ml-latest/ratings.csv") }, { kCore: 0, implicitThreshold: 4 });
    expect(d.users.length).toBe(3);
    // Dropping user 3 and item 30 leaves item 20 and user 2 with one rating each, and so on until nothing is left.
    await expect(load({ path: fixture("ml-latest/ratings.csv") }, { kCore: 2 })).rejects.toThrow(
      /no interactions left after 2-core/,
    );
  });

  it("reads ml-100k u.data with u.item genre flags and u.user demographics one-hot", async () => {
    const d = await load({ path: fixture("ml-100k/u.data"), format: "ml-100k" });
    expect([d.numUsers, d.numItems, d.users.length]).toEqual([2, 2, 3]);
    expect(genres(d, "10")).toEqual(["genre=Action", "genre=Crime"]);
    expect(genres(d, "20")).toEqual(["genre=Animation", "genre=Children's"]);
    const u = d.userFeatures!;
    const tokens = Array.from(u.indices.subarray(u.offsets[0]!, u.offsets[1]!), (k) => u.names[k]);
    expect(tokens).toEqual(["age=20", "gender=M", "occupation=technician"]);
  });

  it("reads ml-1m ratings.dat with :: separators, movies.dat and users.dat", async () => {
    const d = await load({ path: fixture("ml-1m/ratings.dat"), format: "ml-1m" });
    expect([d.numUsers, d.numItems, d.users.length]).toEqual([2, 2, 3]);
    expect(genres(d, "20")).toEqual(["genre=Animation"]);
    expect(d.userFeatures!.names).toContain("age=56");
  });

  it("reads a generic TSV through a column mapping, ISO dates as timestamps, with an item feature file", async () => {
    const d = await load({
      path: fixture("generic/interactions.tsv"),
      format: "tsv",
      columns: { user: "who", item: "what", rating: "stars", timestamp: "when" },
      items: { path: fixture("generic/items.csv"), id: "item", features: ["tags"] },
    });
    expect(d.userIds).toEqual(["alice", "bob"]);
    expect(d.timestamps[1]! < d.timestamps[0]!).toBe(true);
    expect(genres(d, "book-1")).toEqual(["tags=scifi", "tags=space"]);
  });
});

describe("bad data", () => {
  const dir = mkdtempSync(join(tmpdir(), "recsys-bad-"));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("names the file and line of a non-numeric MovieLens id", async () => {
    const path = write("u.data", "1\t10\t4\t100\nabc\t20\t3\t90\n");
    await expect(load({ path, format: "ml-100k" })).rejects.toThrow(
      `${path}:2: expected a non-negative integer as the user id in column 1`,
    );
  });

  it("names the file and line of a short row and of a non-numeric rating", async () => {
    const short = write("short.dat", "1::10::4::100\n2::20\n");
    await expect(load({ path: short, format: "ml-1m" })).rejects.toThrow(`${short}:2: expected a rating in column 3`);
    const rating = write("ratings.csv", "userId,movieId,rating,timestamp\n1,2,good,5\n");
    await expect(load({ path: rating })).rejects.toThrow(`${rating}:2: expected a number as the rating in column 3`);
  });

  it("names a missing column of a generic file", async () => {
    const path = write("plays.csv", "user,track\nu1,t1\n");
    await expect(load({ path, format: "csv", columns: { user: "user", item: "item" } })).rejects.toThrow(
      `${path}:1: missing column "item" (item)`,
    );
  });

  it("rejects an empty file, a missing file, and a header-only file", async () => {
    const empty = write("empty.csv", "\n");
    await expect(load({ path: empty })).rejects.toThrow(`${empty}: file is empty`);
    await expect(load({ path: join(dir, "absent.csv") })).rejects.toBeInstanceOf(DataError);
    const headerOnly = write("header.csv", "userId,movieId,rating,timestamp\n");
    await expect(load({ path: headerOnly })).rejects.toThrow(`${headerOnly}: no ratings in file`);
  });

  it("rejects a generic format without a column mapping", async () => {
    const path = write("x.tsv", "a\tb\n");
    await expect(load({ path, format: "tsv" })).rejects.toThrow(/needs dataset.columns/);
  });
});
