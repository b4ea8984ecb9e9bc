import { readFileSync } from "node:fs";
import { createRng } from "@rectune/search";

/** Ratings as contiguous 0-based user and item indices (ids sorted ascending, like numpy's unique). */
export interface Ratings {
  users: Int32Array;
  items: Int32Array;
  timestamps: Float64Array;
  numUsers: number;
  numItems: number;
}

/** Reads MovieLens ratings.csv (userId,movieId,rating,timestamp with a header line). */
export function readRatingsCsv(path: string): Ratings {
  const lines = readFileSync(path, "utf8").split("\n");
  const rawUsers: number[] = [];
  const rawItems: number[] = [];
  const times: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const [u, m, , t] = line.split(",");
    rawUsers.push(Number(u));
    rawItems.push(Number(m));
    times.push(Number(t));
  }
  const users = densify(rawUsers);
  const items = densify(rawItems);
  return {
    users: users.indices,
    items: items.indices,
    timestamps: Float64Array.from(times),
    numUsers: users.count,
    numItems: items.count,
  };
}

function densify(raw: number[]): { indices: Int32Array; count: number } {
  const ids = [...new Set(raw)].sort((a, b) => a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  return { indices: Int32Array.from(raw, (id) => index.get(id)!), count: ids.length };
}

/** Deterministic uniform [0, 1) generator. */
export function seededUniform(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

/** Training examples: each rating a positive followed by `negatives` uniformly sampled items, shuffled. */
export interface Examples {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
}

/** The layout of torch_reference.py: every rating a positive, K uniform negatives each, one permutation. */
export function implicitExamples(
  users: Int32Array,
  items: Int32Array,
  numItems: number,
  negatives: number,
  seed: number,
): Examples {
  const rand = seededUniform(seed);
  const n = users.length * (1 + negatives);
  const u = new Int32Array(n);
  const it = new Int32Array(n);
  const y = new Float32Array(n);
  for (let r = 0, o = 0; r < users.length; r++) {
    u[o] = users[r]!;
    it[o] = items[r]!;
    y[o++] = 1;
    for (let k = 0; k < negatives; k++, o++) {
      u[o] = users[r]!;
      it[o] = Math.floor(rand() * numItems);
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    swap(u, i, j);
    swap(it, i, j);
    swap(y, i, j);
  }
  return { users: u, items: it, labels: y };
}

function swap(a: Int32Array | Float32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Leave-last-out split: each user's latest rating is the test item, the rest are for training. */
export function leaveLastOut(r: Ratings): { train: { users: Int32Array; items: Int32Array }; testItem: Int32Array } {
  const last = new Int32Array(r.numUsers).fill(-1);
  for (let i = 0; i < r.users.length; i++) {
    const u = r.users[i]!;
    const l = last[u]!;
    if (l < 0 || r.timestamps[i]! > r.timestamps[l]! || (r.timestamps[i] === r.timestamps[l] && i > l)) last[u] = i;
  }
  const isTest = new Uint8Array(r.users.length);
  for (const i of last) if (i >= 0) isTest[i] = 1;
  const keep = r.users.length - last.filter((i) => i >= 0).length;
  const users = new Int32Array(keep);
  const items = new Int32Array(keep);
  for (let i = 0, o = 0; i < r.users.length; i++) {
    if (isTest[i]) continue;
    users[o] = r.users[i]!;
    items[o++] = r.items[i]!;
  }
  return { train: { users, items }, testItem: Int32Array.from(last, (i) => (i < 0 ? -1 : r.items[i]!)) };
}
