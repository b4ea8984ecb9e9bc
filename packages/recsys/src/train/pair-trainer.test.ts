import { createRng } from "@rectune/search";
import { mfBprLoss } from "@rectune/tfjs-backend";
import { describe, expect, it } from "vitest";
import { toUserLists } from "../split/user-lists.js";
import { cpuTf } from "../test-tf.js";
import type { Tensor1D, Tf } from "../tf.js";
import { PairTrainer, type PairScorer } from "./pair-trainer.js";

const NUM_ITEMS = 10;
// Users 0..2 have seen these items; user u's highest unseen item is 9, 7 and 8.
const SEEN = [
  [0, 1, 2],
  [8, 9, 3],
  [9, 4, 5, 6],
];
const HIGHEST_UNSEEN = [9, 7, 8];
const train = toUserLists(
  SEEN.map((items, u) => items.map((_, k) => SEEN.slice(0, u).flat().length + k)),
  Int32Array.from(SEEN.flat()),
);

/** Scores item i as i (frozen: SGD with learning rate 0) and records the pairs every training pass saw. */
function recordingScorer(tf: Tf): { scorer: PairScorer; passes: Array<{ users: Int32Array; items: Int32Array }> } {
  const w = tf.variable(tf.range(0, NUM_ITEMS, 1, "float32"), true);
  const passes: Array<{ users: Int32Array; items: Int32Array }> = [];
  const scorer: PairScorer = {
    variables: [w],
    forward: (users, items, training) => {
      if (training) passes.push({ users: users.dataSync() as Int32Array, items: items.dataSync() as Int32Array });
      return { logits: tf.gather(w, items) as Tensor1D, penalty: tf.sum(tf.square(w)) };
    },
  };
  return { scorer, passes };
}

async function trainOneEpoch(loss: "bpr" | "bce", negativeCandidates: number) {
  const tf = await cpuTf();
  const { scorer, passes } = recordingScorer(tf);
  const optimizer = tf.train.sgd(0);
  const trainer = new PairTrainer(tf, scorer, optimizer, train, NUM_ITEMS, {
    loss,
    negatives: 2,
    negativeCandidates,
    batchSize: 4,
    l2: 0,
  });
  const before = tf.memory().numTensors;
  await trainer.epoch(createRng(3), async () => {});
  const leaked = tf.memory().numTensors - before;
  optimizer.dispose();
  for (const v of scorer.variables) v.dispose();
  return { pairs: pairsOf(passes), bprNegatives: pairsOf(passes.filter((_, k) => k % 2 === 1)), leaked };
}

/** The (user, item) pairs the passes scored; BPR scores a step's positives, then its negatives. */
const pairsOf = (passes: Array<{ users: Int32Array; items: Int32Array }>) =>
  passes.flatMap(({ users, items }) => Array.from(items, (item, k) => ({ user: users[k]!, item })));

const unseen = ({ user, item }: { user: number; item: number }) => !SEEN[user]!.includes(item);

describe("PairTrainer negatives", () => {
  it("BPR with many candidates trains on each user's highest-scored unseen item", async () => {
    const { bprNegatives: negatives, leaked } = await trainOneEpoch("bpr", 200);
    expect(leaked).toBe(0);
    expect(negatives).toHaveLength(SEEN.flat().length * 2);
    for (const n of negatives) expect(n.item).toBe(HIGHEST_UNSEEN[n.user]);
  });

  it("BCE with many candidates labels each user's highest-scored unseen item 0", async () => {
    const { pairs } = await trainOneEpoch("bce", 200);
    const negatives = pairs.filter(unseen);
    expect(negatives).toHaveLength(SEEN.flat().length * 2);
    for (const n of negatives) expect(n.item).toBe(HIGHEST_UNSEEN[n.user]);
    expect(pairs.length - negatives.length).toBe(SEEN.flat().length);
  });

  it("one candidate keeps uniform negatives: unseen, and not only the highest-scored", async () => {
    const { bprNegatives: negatives } = await trainOneEpoch("bpr", 1);
    expect(negatives.every(unseen)).toBe(true);
    expect(negatives.filter((n) => n.item !== HIGHEST_UNSEEN[n.user]).length).toBeGreaterThan(negatives.length / 2);
  });
});

describe("PairTrainer with a model's own BPR loss", () => {
  /** An MF scorer (p_u·q_i + b_i, the penalty of the rows it looks up); with `fused`, its bprLoss is tfjs-backend's mfBprLoss. */
  function mfScorer(tf: Tf, fused: boolean): PairScorer {
    const rng = createRng(5);
    const table = (rows: number) =>
      tf.variable(
        tf.tensor2d(
          Float32Array.from({ length: rows * 4 }, () => 0.5 * rng.normal()),
          [rows, 4],
        ),
      );
    const [P, Q] = [table(SEEN.length), table(NUM_ITEMS)];
    const b = tf.variable(tf.tensor1d(Float32Array.from({ length: NUM_ITEMS }, () => 0.1 * rng.normal())));
    return {
      variables: [P, Q, b],
      forward: (users, items) => {
        const [pu, qi] = [tf.gather(P, users), tf.gather(Q, items)];
        return {
          logits: tf.add(tf.sum(tf.mul(pu, qi), 1), tf.gather(b, items)) as Tensor1D,
          penalty: tf.add(tf.sum(tf.square(pu)), tf.sum(tf.square(qi))),
        };
      },
      ...(fused ? { bprLoss: (u, i, j, l2) => mfBprLoss(tf, P, Q, b, u, i, j, l2) } : {}),
    };
  }

  it("trains as the loss built from forward: same epoch losses and weights (Adam, L2)", async () => {
    const tf = await cpuTf();
    const run = async (fused: boolean) => {
      const scorer = mfScorer(tf, fused);
      const optimizer = tf.train.adam(0.05);
      const trainer = new PairTrainer(tf, scorer, optimizer, train, NUM_ITEMS, {
        loss: "bpr",
        negatives: 2,
        batchSize: 4,
        l2: 0.2,
      });
      const rng = createRng(9);
      const losses = [];
      for (let e = 0; e < 3; e++) losses.push(await trainer.epoch(rng, async () => {}));
      const weights = scorer.variables.map((v) => Array.from(v.dataSync()));
      optimizer.dispose();
      for (const v of scorer.variables) v.dispose();
      return { losses, weights };
    };
    const built = await run(false);
    const fused = await run(true);
    fused.losses.forEach((l, e) => expect(l).toBeCloseTo(built.losses[e]!, 5));
    fused.weights.forEach((w, k) => w.forEach((x, i) => expect(x).toBeCloseTo(built.weights[k]![i]!, 4)));
    // Training moved the weights: the comparison is not between two untouched initialisations.
    expect(built.losses[2]).toBeLessThan(built.losses[0]! - 0.05);
  });
});
