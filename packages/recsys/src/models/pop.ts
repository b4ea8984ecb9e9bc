import { z } from "zod";
import { closedForm } from "./closed-form.js";
import type { Recommender, TrainingData } from "./recommender.js";

export const popParams = z.strictObject({});

/** Popularity: every user gets the items with the most training users. */
export function createPop(data: TrainingData): Recommender {
  const numItems = data.split.numItems;
  const popularity = Float32Array.from(data.itemUsers);
  return closedForm((users) => {
    const out = new Float32Array(users.length * numItems);
    users.forEach((_, b) => out.set(popularity, b * numItems));
    return out;
  });
}
