import { createRng } from "@rectune/search";
import type { SplitConfig } from "@rectune/spec";
import type { Dataset } from "../data/dataset.js";
import { toUserLists, type UserLists } from "./user-lists.js";

/** Train / validation / test interactions per user, each list in time order. */
export interface Split {
  readonly numUsers: number;
  readonly numItems: number;
  readonly train: UserLists;
  readonly valid: UserLists;
  readonly test: UserLists;
}

type Part = 0 | 1 | 2;

/**
 * Splits a data set. Deterministic per seed; every interaction lands in exactly one part. Random and
 * leave-one-out splits keep at least one training interaction per user.
 */
export function splitDataset(data: Dataset, config: SplitConfig, seed: number): Split {
  const byUser = rowsByUserInTime(data);
  const parts: Part[][] = [];
  if (config.method === "random") {
    const rng = createRng(seed);
    for (const rows of byUser) parts.push(randomParts(rows.length, config.valid, config.test, rng));
  } else if (config.method === "leave-one-out") {
    for (const rows of byUser)
      parts.push(
        rows.map((_, k) =>
          rows.length >= 3 && k === rows.length - 2 ? 1 : rows.length >= 2 && k === rows.length - 1 ? 2 : 0,
        ),
      );
  } else {
    const partOfRow = temporalParts(data.timestamps, config.valid, config.test);
    for (const rows of byUser) parts.push(rows.map((r) => partOfRow[r]! as Part));
  }
  const pick = (part: Part): number[][] => byUser.map((rows, u) => rows.filter((_, k) => parts[u]![k] === part));
  return {
    numUsers: data.numUsers,
    numItems: data.numItems,
    train: toUserLists(pick(0), data.items),
    valid: toUserLists(pick(1), data.items),
    test: toUserLists(pick(2), data.items),
  };
}

function rowsByUserInTime(data: Dataset): number[][] {
  const byUser: number[][] = Array.from({ length: data.numUsers }, () => []);
  data.users.forEach((u, r) => byUser[u]!.push(r));
  for (const rows of byUser) rows.sort((a, b) => data.timestamps[a]! - data.timestamps[b]! || a - b);
  return byUser;
}

/** A random assignment with round(n·test) test and round(n·valid) validation rows, at least one train row. */
function randomParts(n: number, valid: number, test: number, rng: { int(n: number): number }): Part[] {
  let nTest = Math.round(n * test);
  let nValid = Math.round(n * valid);
  while (nTest + nValid > n - 1 && nTest + nValid > 0) {
    if (nValid >= nTest) nValid--;
    else nTest--;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const parts = new Array<Part>(n).fill(0);
  order.forEach((k, rank) => (parts[k] = rank < nTest ? 2 : rank < nTest + nValid ? 1 : 0));
  return parts;
}

/** One global cut in time: the latest `test` share is test, the `valid` share before it validation. */
function temporalParts(timestamps: Float64Array, valid: number, test: number): Uint8Array {
  const order = Int32Array.from({ length: timestamps.length }, (_, i) => i).sort(
    (a, b) => timestamps[a]! - timestamps[b]! || a - b,
  );
  const n = order.length;
  const testStart = n - Math.round(n * test);
  const validStart = testStart - Math.round(n * valid);
  const parts = new Uint8Array(n);
  order.forEach((r, rank) => (parts[r] = rank >= testStart ? 2 : rank >= validStart ? 1 : 0));
  return parts;
}
