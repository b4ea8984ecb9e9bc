import type { Dataset } from "../data/dataset.js";
import type { Split } from "./split.js";
import { listOf, type UserLists } from "./user-lists.js";

/** Training and validation lists joined per user, back in time order: the data a final refit trains on. */
export function trainPlusValid(dataset: Dataset, split: Split): UserLists {
  const time = new Map<number, number>();
  dataset.users.forEach((u, r) => time.set(u * dataset.numItems + dataset.items[r]!, dataset.timestamps[r]!));
  const offsets = new Int32Array(split.numUsers + 1);
  const items = new Int32Array(split.train.items.length + split.valid.items.length);
  for (let u = 0; u < split.numUsers; u++) {
    const joined = [...listOf(split.train, u), ...listOf(split.valid, u)];
    // Stable sort keeps the original order of equal timestamps.
    joined.sort((a, b) => time.get(u * dataset.numItems + a)! - time.get(u * dataset.numItems + b)!);
    items.set(joined, offsets[u]!);
    offsets[u + 1] = offsets[u]! + joined.length;
  }
  return { offsets, items };
}
