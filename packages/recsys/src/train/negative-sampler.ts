import type { Rng } from "@rectune/search";
import { listOf, type UserLists } from "../split/user-lists.js";

/**
 * Uniform sampling of items the user has not interacted with in training. Gives up rejecting after a
 * few tries (a user who has seen nearly everything), returning an unseen item by scan instead.
 */
export class NegativeSampler {
  private readonly seen: Set<number>;

  constructor(
    private readonly train: UserLists,
    private readonly numItems: number,
  ) {
    this.seen = new Set();
    for (let u = 0; u + 1 < train.offsets.length; u++) for (const i of listOf(train, u)) this.seen.add(u * numItems + i);
  }

  isPositive(user: number, item: number): boolean {
    return this.seen.has(user * this.numItems + item);
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
