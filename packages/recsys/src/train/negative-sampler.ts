import type { Rng } from "@rectune/search";
import type { UserLists } from "../split/user-lists.js";

/**
 * Uniform sampling of items the user has not interacted with in training. Gives up rejecting after a
 * few tries (a user who has seen nearly everything), returning an unseen item by scan instead.
 *
 * Membership is a binary search in the user's sorted training items: memory stays that of the lists
 * (a users × items bitset would not fit the larger catalogs), and it is several times faster than a Set
 * of numeric keys, which hard negative sampling (many candidates per negative) queries millions of
 * times an epoch.
 */
export class NegativeSampler {
  private readonly offsets: Int32Array;
  private readonly sorted: Int32Array;

  constructor(
    train: UserLists,
    private readonly numItems: number,
  ) {
    this.offsets = train.offsets;
    this.sorted = Int32Array.from(train.items);
    for (let u = 0; u + 1 < train.offsets.length; u++)
      this.sorted.subarray(train.offsets[u]!, train.offsets[u + 1]!).sort();
  }

  isPositive(user: number, item: number): boolean {
    let lo = this.offsets[user]!;
    let hi = this.offsets[user + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.sorted[mid]!;
      if (v === item) return true;
      if (v < item) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  sample(user: number, rng: Rng): number {
    for (let attempt = 0; attempt < 32; attempt++) {
      const item = rng.int(this.numItems);
      if (!this.isPositive(user, item)) return item;
    }
    const start = rng.int(this.numItems);
    for (let k = 0; k < this.numItems; k++) {
      const item = (start + k) % this.numItems;
      if (!this.isPositive(user, item)) return item;
    }
    return rng.int(this.numItems);
  }
}
