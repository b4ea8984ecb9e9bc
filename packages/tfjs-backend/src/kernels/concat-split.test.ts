import * as tf from "@tensorflow/tfjs";
import { it } from "vitest";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "../testing/compare-backends.js";

describeOnBackends("Concat and SplitV on cpu-accelerated and wasm", 9, (rand) => {
  const cases: { shapes: number[][]; axis: number }[] = [
    {
      shapes: [
        [64, 32],
        [64, 32],
      ],
      axis: 1,
    },
    {
      shapes: [
        [50, 32],
        [50, 8],
      ],
      axis: -1,
    },
    {
      shapes: [
        [3, 4],
        [5, 4],
        [1, 4],
      ],
      axis: 0,
    },
    {
      shapes: [
        [2, 3, 4],
        [2, 1, 4],
      ],
      axis: 1,
    },
    {
      shapes: [
        [2, 3, 4],
        [2, 3, 2],
        [2, 3, 1],
      ],
      axis: 2,
    },
  ];
  for (const { shapes, axis } of cases) {
    it(`concat ${JSON.stringify(shapes)} on axis ${axis}: forward and gradients (SplitV) match tfjs cpu`, async () => {
      await expectSameAsCpu(
        (...xs) => tf.concat(xs, axis),
        shapes.map((shape) => floats(rand, shape)),
        shapes.map((_, i) => i),
        ACCELERATED,
      );
    });
  }

  it("splits with -1 sizes and equal counts like tfjs", async () => {
    await expectSameAsCpu(
      (x) =>
        tf.concat(
          tf.split(x!, [2, -1, 3], 1).map((t, i) => tf.mul(t, i + 1)),
          1,
        ),
      [floats(rand, [7, 9])],
      [0],
      ACCELERATED,
    );
    await expectSameAsCpu((x) => tf.stack(tf.split(x!, 3, 0)), [floats(rand, [6, 5])], [0], ACCELERATED);
  });

  it("concatenates int32 tensors", async () => {
    await expectSameAsCpu(
      (a, b) => tf.concat([a!, b!], 1),
      [ints(rand, [3, 2], 100), ints(rand, [3, 1], 100)],
      [],
      ACCELERATED,
    );
  });
});
