import type { PreprocessConfig } from "@rectune/spec";
import { DataError } from "./data-error.js";
import type { Dataset } from "./dataset.js";
import { buildFeatureTable } from "./features.js";
import { kCoreFilter } from "./kcore.js";
import type { RawFeatures, RawInteractions } from "./raw.js";

export interface PrepareInput {
  readonly interactions: RawInteractions;
  readonly itemFeatures?: RawFeatures | null;
  readonly userFeatures?: RawFeatures | null;
  readonly preprocess: PreprocessConfig;
}

/**
 * Raw interactions to a Dataset: ratings below the implicit threshold dropped, repeated (user, item)
 * pairs merged (the latest kept), k-core filtering, ids re-indexed in order of first appearance.
 */
export function prepareDataset({ interactions: raw, itemFeatures, userFeatures, preprocess }: PrepareInput): Dataset {
  const { implicitThreshold, kCore } = preprocess;
  if (implicitThreshold !== undefined && !raw.ratings) {
    throw new DataError(raw.file, undefined, "preprocess.implicitThreshold is set but the file has no rating column");
  }
  const time = (i: number): number => raw.timestamps?.[i] ?? i;
  // Merge duplicates first (keep the latest), so the threshold sees the user's last word on an item.
  const latest = new Map<string, number>();
  for (let i = 0; i < raw.users.length; i++) {
    const key = `${raw.users[i]}\u0000${raw.items[i]}`;
    const seen = latest.get(key);
    if (seen === undefined || time(i) >= time(seen)) latest.set(key, i);
  }
  const rows = [...latest.values()]
    .filter((i) => implicitThreshold === undefined || raw.ratings![i]! >= implicitThreshold)
    .sort((a, b) => a - b);
  if (rows.length === 0) throw new DataError(raw.file, undefined, "no interactions left after the implicit threshold");

  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const users = new Int32Array(rows.length);
  const items = new Int32Array(rows.length);
  rows.forEach((r, k) => {
    users[k] = indexOf(userIndex, raw.users[r]!);
    items[k] = indexOf(itemIndex, raw.items[r]!);
  });
  const kept = kCoreFilter(users, items, userIndex.size, itemIndex.size, kCore);
  if (kept.length === 0) throw new DataError(raw.file, undefined, `no interactions left after ${kCore}-core filtering`);

  // Re-index again over what the k-core kept, so ids stay dense.
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const finalUser = new Map<string, number>();
  const finalItem = new Map<string, number>();
  const outUsers = new Int32Array(kept.length);
  const outItems = new Int32Array(kept.length);
  const timestamps = new Float64Array(kept.length);
  kept.forEach((k, n) => {
    const r = rows[k]!;
    outUsers[n] = indexOf(finalUser, raw.users[r]!, userIds);
    outItems[n] = indexOf(finalItem, raw.items[r]!, itemIds);
    timestamps[n] = time(r);
  });
  return {
    numUsers: userIds.length,
    numItems: itemIds.length,
    userIds,
    itemIds,
    users: outUsers,
    items: outItems,
    timestamps,
    itemFeatures: itemFeatures ? buildFeatureTable(itemIds, itemFeatures) : null,
    userFeatures: userFeatures ? buildFeatureTable(userIds, userFeatures) : null,
  };
}

function indexOf(index: Map<string, number>, id: string, ids?: string[]): number {
  let i = index.get(id);
  if (i === undefined) {
    i = index.size;
    index.set(id, i);
    ids?.push(id);
  }
  return i;
}
