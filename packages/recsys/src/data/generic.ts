import type { FeatureFileConfig } from "@rectune/spec";
import { DataError } from "./data-error.js";
import { columnIndex, field, numericField, readDelimited } from "./delimited.js";
import { RawInteractionsBuilder, type RawFeatures, type RawInteractions } from "./raw.js";

export interface ColumnMapping {
  readonly user: string | number;
  readonly item: string | number;
  readonly rating?: string | number | undefined;
  readonly timestamp?: string | number | undefined;
}

/**
 * A generic interactions file. `csv`: comma-separated with quotes and a header row; `tsv`: tab-separated,
 * with a header when the mapping names columns, without one when it gives indices.
 */
export async function readGenericInteractions(
  file: string,
  format: "csv" | "tsv",
  columns: ColumnMapping | undefined,
): Promise<RawInteractions> {
  if (!columns)
    throw new DataError(
      file,
      undefined,
      `format "${format}" needs dataset.columns (user, item, optional rating and timestamp)`,
    );
  const byName = [columns.user, columns.item, columns.rating, columns.timestamp].some((c) => typeof c === "string");
  const rows = await readDelimited(file, { delimiter: format === "csv" ? "," : "\t", quote: format === "csv" });
  const header = byName ? (rows[0]?.fields ?? null) : null;
  const body = byName ? rows.slice(1) : rows;
  if (body.length === 0) throw new DataError(file, undefined, "no interactions in file");
  const userCol = columnIndex(file, header, columns.user, "user");
  const itemCol = columnIndex(file, header, columns.item, "item");
  const ratingCol = columns.rating === undefined ? null : columnIndex(file, header, columns.rating, "rating");
  const timeCol = columns.timestamp === undefined ? null : columnIndex(file, header, columns.timestamp, "timestamp");
  const builder = new RawInteractionsBuilder(file, ratingCol !== null, timeCol !== null);
  for (const row of body) {
    const user = field(file, row, userCol, "user id");
    const item = field(file, row, itemCol, "item id");
    if (user === "" || item === "") throw new DataError(file, row.line, "empty user or item id");
    builder.add(
      user,
      item,
      ratingCol === null ? 1 : numericField(file, row, ratingCol, "rating"),
      timeCol === null ? 0 : parseTimestamp(file, row.line, field(file, row, timeCol, "timestamp")),
    );
  }
  return builder.build();
}

/** Numbers as they are (epoch seconds or ms); otherwise an ISO date. */
function parseTimestamp(file: string, line: number, text: string): number {
  const asNumber = Number(text);
  if (text !== "" && Number.isFinite(asNumber)) return asNumber;
  const asDate = Date.parse(text);
  if (Number.isNaN(asDate)) throw new DataError(file, line, "the timestamp is neither a number nor a date");
  return asDate / 1000;
}

/** A side file of categorical features: multi-valued cells (split by `separator`) become several tokens. */
export async function readFeatureFile(config: FeatureFileConfig): Promise<RawFeatures> {
  const file = config.path;
  const rows = await readDelimited(file, { delimiter: config.delimiter, quote: config.delimiter === "," });
  const header = config.header ? (rows[0]?.fields ?? null) : null;
  const body = config.header ? rows.slice(1) : rows;
  const idCol = columnIndex(file, header, config.id, "id");
  const featureCols = config.features.map((c) => ({
    index: columnIndex(file, header, c, "feature"),
    name: typeof c === "string" ? c : `f${c}`,
  }));
  const features: RawFeatures = new Map();
  for (const row of body) {
    const tokens: string[] = [];
    for (const { index, name } of featureCols) {
      for (const value of field(file, row, index, name).split(config.separator)) {
        if (value.trim() !== "") tokens.push(`${name}=${value.trim()}`);
      }
    }
    features.set(field(file, row, idCol, "id"), tokens);
  }
  return features;
}
