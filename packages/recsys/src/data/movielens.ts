import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataError } from "./data-error.js";
import { field, integerIdField, numericField, readDelimited, type DelimitedRow } from "./delimited.js";
import { RawInteractionsBuilder, type RawFeatures, type RawInteractions } from "./raw.js";

export type MovieLensFormat = "ml-latest" | "ml-100k" | "ml-1m";

/** The 19 genres of ml-100k's `u.item`, in column order (from its `u.genre`). */
const ML100K_GENRES = [
  "unknown",
  "Action",
  "Adventure",
  "Animation",
  "Children's",
  "Comedy",
  "Crime",
  "Documentary",
  "Drama",
  "Fantasy",
  "Film-Noir",
  "Horror",
  "Musical",
  "Mystery",
  "Romance",
  "Sci-Fi",
  "Thriller",
  "War",
  "Western",
];

const LAYOUT: Record<
  MovieLensFormat,
  { delimiter: string; quote: boolean; header: boolean; encoding: "utf8" | "latin1" }
> = {
  "ml-latest": { delimiter: ",", quote: true, header: true, encoding: "utf8" },
  "ml-100k": { delimiter: "\t", quote: false, header: false, encoding: "latin1" },
  "ml-1m": { delimiter: "::", quote: false, header: false, encoding: "latin1" },
};

/** Reads a MovieLens ratings file: user, item, rating, timestamp in that column order in every release. */
export async function readMovieLensRatings(file: string, format: MovieLensFormat): Promise<RawInteractions> {
  const layout = LAYOUT[format];
  const rows = await readDelimited(file, layout);
  const body = layout.header ? rows.slice(1) : rows;
  if (layout.header) {
    const header = rows[0]?.fields.map((f) => f.trim()) ?? [];
    if (header[0] !== "userId" || header[1] !== "movieId") {
      throw new DataError(
        file,
        rows[0]?.line ?? 1,
        // Never what the line holds: the file may be anything (a data file's bytes stay out of errors).
        `expected the header "userId,movieId,rating,timestamp" (a ${header.length}-column line is there instead)`,
      );
    }
  }
  if (body.length === 0) throw new DataError(file, undefined, "no ratings in file");
  const builder = new RawInteractionsBuilder(file, true, true);
  for (const row of body) {
    builder.add(
      integerIdField(file, row, 0, "user id"),
      integerIdField(file, row, 1, "item id"),
      numericField(file, row, 2, "rating"),
      numericField(file, row, 3, "timestamp"),
    );
  }
  return builder.build();
}

/** The release's item file next to the ratings file (`movies.csv`, `u.item`, `movies.dat`), if present. */
export function movieLensItemFile(ratingsFile: string, format: MovieLensFormat): string | null {
  const name = format === "ml-latest" ? "movies.csv" : format === "ml-100k" ? "u.item" : "movies.dat";
  const path = join(dirname(ratingsFile), name);
  return existsSync(path) ? path : null;
}

/** The release's user file (`u.user`, `users.dat`); ml-latest has none. */
export function movieLensUserFile(ratingsFile: string, format: MovieLensFormat): string | null {
  if (format === "ml-latest") return null;
  const path = join(dirname(ratingsFile), format === "ml-100k" ? "u.user" : "users.dat");
  return existsSync(path) ? path : null;
}

/** Genres per movie id, as `genre=<name>` tokens. */
export async function readMovieLensGenres(file: string, format: MovieLensFormat): Promise<RawFeatures> {
  const layout = format === "ml-100k" ? { ...LAYOUT["ml-100k"], delimiter: "|" } : LAYOUT[format];
  const rows = await readDelimited(file, layout);
  const body = layout.header ? rows.slice(1) : rows;
  const features: RawFeatures = new Map();
  for (const row of body) {
    const id = integerIdField(file, row, 0, "item id");
    features.set(id, format === "ml-100k" ? flagGenres(file, row) : listGenres(field(file, row, 2, "genre list")));
  }
  return features;
}

const listGenres = (cell: string): string[] =>
  cell === "(no genres listed)" || cell === "" ? [] : cell.split("|").map((g) => `genre=${g}`);

function flagGenres(file: string, row: DelimitedRow): string[] {
  const genres: string[] = [];
  ML100K_GENRES.forEach((name, g) => {
    if (field(file, row, 5 + g, `genre flag "${name}"`) === "1") genres.push(`genre=${name}`);
  });
  return genres;
}

/** Demographics per user id, as one-hot tokens: age band, gender, occupation. */
export async function readMovieLensUsers(
  file: string,
  format: Exclude<MovieLensFormat, "ml-latest">,
): Promise<RawFeatures> {
  const rows = await readDelimited(file, { ...LAYOUT[format], delimiter: format === "ml-100k" ? "|" : "::" });
  const features: RawFeatures = new Map();
  for (const row of rows) {
    const id = integerIdField(file, row, 0, "user id");
    // ml-100k: id|age|gender|occupation|zip; ml-1m: id::gender::age::occupation::zip (age already banded).
    const [ageCol, genderCol] = format === "ml-100k" ? [1, 2] : [2, 1];
    const age = numericField(file, row, ageCol, "age");
    const band = format === "ml-100k" ? `${Math.min(Math.floor(age / 10) * 10, 60)}` : `${age}`;
    features.set(id, [
      `age=${band}`,
      `gender=${field(file, row, genderCol, "gender")}`,
      `occupation=${field(file, row, 3, "occupation")}`,
    ]);
  }
  return features;
}
