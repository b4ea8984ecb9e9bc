import * as tf from "@tensorflow/tfjs";
import { expect, it } from "vitest";
import { MF_BPR_LOSS } from "./kernels/mf-bpr.js";
import { mfBprLoss } from "./mf-bpr-loss.js";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "./testing/compare-backends.js";

describeOnBackends("mfBprLoss (fused MF-BPR loss with L2 on the looked-up rows)", 23, (rand) => {
  const cases: { users: number; items: number; dim: number; batch: number; l2: number }[] = [
    { users: 20, items: 30, dim: 8, batch: 64, l2: 0.01 },
    { users: 7, items: 97, dim: 32, batch: 300, l2: 0.1 },
    { users: 3, items: 4, dim: 5, batch: 17, l2: 0 },
    { users: 50, items: 400, dim: 3, batch: 1, l2: 0.5 },
  ];
  for (const { users, items, dim, batch, l2 } of cases) {
    it(`${users} users, ${items} items, dim ${dim}, batch ${batch}, l2 ${l2}: loss and the tables' gradients equal the unfused ops on tfjs cpu`, async () => {
      const inputs = [
        // Scale 2: differences large enough to reach both branches of softplus.
        floats(rand, [users, dim], 2),
        floats(rand, [items, dim], 2),
        floats(rand, [items]),
        // Few users and items for the batch: repeated rows, whose gradients must accumulate.
        ints(rand, [batch], users),
        ints(rand, [batch], items),
        ints(rand, [batch], items),
      ];
      await expectSameAsCpu(
        (P, Q, b, u, i, j) => mfBprLoss(tf, P!, Q!, b!, u!, i!, j!, l2),
        inputs,
        [0, 1, 2],
        ACCELERATED,
        // tfjs rounds each pair's σ(−d)/n to float32; a bias's gradient sums them with both signs, and
        // where they nearly cancel that rounding shows at ~2e-5 (the fused kernel sums in float64).
        1e-4,
      );
    });
  }

  it("runs as one kernel on the accelerated backends, as plain ops on tfjs cpu, with the same value", async () => {
    const P = tf.tensor2d([
      [1, 0],
      [0, 2],
    ]);
    const Q = tf.tensor2d([
      [1, 1],
      [0, -1],
      [3, 0],
    ]);
    const b = tf.tensor1d([0.5, 0, -1]);
    const u = tf.tensor1d([0, 1], "int32");
    const i = tf.tensor1d([2, 0], "int32");
    const j = tf.tensor1d([1, 1], "int32");
    // Row 0: x_ui = 3 - 1 = 2, x_uj = 0, d = 2; row 1: x_ui = 2.5, x_uj = -2, d = 4.5.
    // Penalty: 2(1 + 4) + (9 + 2) + (1 + 1) = 23.
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    const expected = (softplus(-2) + softplus(-4.5)) / 2 + (0.1 / 2) * 23;
    for (const backend of ["cpu", ...ACCELERATED]) {
      await tf.setBackend(backend);
      const profile = await tf.profile(() => mfBprLoss(tf, P, Q, b, u, i, j, 0.1));
      expect(profile.kernelNames.includes(MF_BPR_LOSS)).toBe(backend !== "cpu");
      expect(mfBprLoss(tf, P, Q, b, u, i, j, 0.1).dataSync()[0]).toBeCloseTo(expected, 6);
    }
    await tf.setBackend("cpu");
  });

  it("rejects out-of-range indices like gather", async () => {
    await tf.setBackend("wasm");
    const ids = (xs: number[]) => tf.tensor1d(xs, "int32");
    expect(() =>
      mfBprLoss(tf, tf.zeros([2, 4]), tf.zeros([3, 4]), tf.zeros([3]), ids([0, 1]), ids([0, 3]), ids([1, 1]), 0),
    ).toThrow(/index value 3 is not in \[0, 2\]/);
    await tf.setBackend("cpu");
  });
});
