import { createRng } from "@rectune/search";
import type { SyntheticDatasetConfig } from "@rectune/spec";
import type { RawFeatures, RawInteractions } from "./raw.js";

export interface SyntheticData {
  readonly interactions: RawInteractions;
  readonly itemFeatures: RawFeatures;
  readonly userFeatures: RawFeatures;
}

/**
 * Seeded synthetic implicit feedback: users and items get latent factors, items a Zipf popularity bias
 * and genres tied to their strongest factor, and each user picks items with probability
 * softmax(3·p_u·q_i + bias_i), without replacement. Learnable structure, so models beat random.
 */
export function generateSynthetic(config: SyntheticDatasetConfig): SyntheticData {
  const { users: numUsers, items: numItems, factors, genres, popularitySkew, interactionsPerUser, seed } = config;
  const rng = createRng(seed);
  const vector = (): Float64Array => Float64Array.from({ length: factors }, () => rng.normal() / Math.sqrt(factors));
  const p = Array.from({ length: numUsers }, vector);
  const q = Array.from({ length: numItems }, vector);
  const popularityRank = shuffled(numItems, rng);
  const bias = Float64Array.from({ length: numItems }, (_, i) => -popularitySkew * Math.log(1 + popularityRank[i]!));

  const itemFeatures: RawFeatures = new Map();
  q.forEach((qi, i) => {
    const main = argmax(qi) % genres;
    const tokens = [`genre=g${main}`];
    if (rng.next() < 0.5) tokens.push(`genre=g${rng.int(genres)}`);
    itemFeatures.set(`i${i}`, [...new Set(tokens)]);
  });
  const userFeatures: RawFeatures = new Map(p.map((pu, u) => [`u${u}`, [`segment=s${argmax(pu) % 4}`]]));

  const users: string[] = [];
  const items: string[] = [];
  const timestamps: number[] = [];
  let clock = 0;
  p.forEach((pu, u) => {
    const count = Math.min(numItems - 1, Math.max(3, Math.round(interactionsPerUser * (0.5 + rng.next()))));
    // Gumbel top-k: sampling `count` items without replacement from the softmax.
    const keys = q.map((qi, i) => 3 * dot(pu, qi) + bias[i]! - Math.log(-Math.log(rng.next() || Number.MIN_VALUE)));
    const chosen = [...keys.keys()].sort((a, b) => keys[b]! - keys[a]!).slice(0, count);
    for (const i of chosen) {
      users.push(`u${u}`);
      items.push(`i${i}`);
      timestamps.push(clock++);
    }
  });
  return {
    interactions: {
      file: `synthetic(seed=${seed})`,
      users,
      items,
      ratings: null,
      timestamps: Float64Array.from(timestamps),
    },
    itemFeatures,
    userFeatures,
  };
}

function shuffled(n: number, rng: { int(n: number): number }): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const argmax = (a: Float64Array): number => a.reduce((best, x, i) => (x > a[best]! ? i : best), 0);
